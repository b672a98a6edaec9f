# The Launchday exporter image. The same image runs the simulator: `launchday simulate ...`.
# TypeScript runs through tsx (a runtime dependency), so there is no build step and no dev dependency.
FROM node:20.20.2-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production
# The young generation serve is shipped with (exporter/runtime/nodeFlags.ts says why).
ENV NODE_OPTIONS=--max-semi-space-size=2

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# .dockerignore keeps the Grafana app, tests, docs and local state out: only the CLI's rooms remain, and
# build/preview/ (the page the exporter serves at /preview/) when `npm run build:harness` ran before the image build.
COPY . .

# Paths in the configuration are relative to /app. The example configuration keeps the session table
# (written on SIGTERM, restored on start) and the event history in var/: a volume in docker-compose.yml.
RUN mkdir -p /app/var && chown node:node /app/var
USER node

EXPOSE 9464
ENTRYPOINT ["node", "bin/launchday.cjs"]
CMD ["serve", "--listen", "0.0.0.0:9464", "--config", "provisioning/exporter/launchday.example.yaml"]
