# The Launchday exporter image. The same image runs the simulator: `launchday simulate ...`.
# TypeScript runs through tsx (a runtime dependency), so there is no build step and no dev dependency.
FROM node:20.20.2-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# .dockerignore keeps the Grafana app, tests, docs and local state out: only the CLI's rooms remain.
COPY . .

# The session table is written here on SIGTERM and restored on start (a volume in docker-compose.yml).
RUN mkdir -p /var/lib/launchday && chown node:node /var/lib/launchday
USER node

EXPOSE 9464
ENTRYPOINT ["node", "bin/launchday.cjs"]
CMD ["serve", "--listen", "0.0.0.0:9464", "--config", "provisioning/exporter/launchday.example.yaml", "--state-file", "/var/lib/launchday/sessions.ndjson"]
