import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ExporterConfig } from '../config/schema';

export type ServerLimits = ExporterConfig['server'];

/** Paths a socket past `maxConnections` may still read, so a flood never hides the exporter from Prometheus. */
const RESERVED_PATHS = new Set(['/metrics', '/healthz', '/readyz']);
const reservedSockets = new WeakSet<Socket>();

/**
 * Counts sockets and enforces the budget (docs/security.md): up to `maxConnections` for every route,
 * `reservedConnections` more for the scrape and probe paths only, and past that a new socket is
 * closed at once, before it can cost a file descriptor for long. Node's own `maxConnections` has no
 * reserve, so the count is kept here.
 */
export function enforceConnectionBudget(server: Server, limits: ServerLimits, logger?: Logger): () => number {
  let open = 0;
  let refused = 0;
  let lastWarning = 0;
  server.on('connection', (socket: Socket) => {
    if (open >= limits.maxConnections + limits.reservedConnections) {
      socket.destroy();
      refused++;
      // One line per 10 s at most: a flood must not turn into a flood of log lines.
      if (logger && Date.now() - lastWarning >= 10_000) {
        lastWarning = Date.now();
        logger.warn(
          { open, refused, maxConnections: limits.maxConnections, reservedConnections: limits.reservedConnections },
          'connection budget full: new sockets are closed (server.maxConnections)'
        );
        refused = 0;
      }
      return;
    }
    open++;
    if (open > limits.maxConnections) reservedSockets.add(socket);
    socket.once('close', () => open--);
  });
  return () => open;
}

/** Whether a socket was opened past `maxConnections` (it may read only /metrics and the probes). */
export const isReservedSocket = (socket: Socket): boolean => reservedSockets.has(socket);

/** Answers 503 on a reserved socket for anything but /metrics and the probes, and closes it after. */
export function reservedConnectionGuard(): RequestHandler {
  return (req, res, next) => {
    if (!reservedSockets.has(req.socket) || RESERVED_PATHS.has(req.path)) return next();
    res
      .status(503)
      .set({ Connection: 'close', 'Retry-After': '1' })
      .json({ error: 'too many connections: only /metrics and the probes are served on this one; retry' });
  };
}

/**
 * The exporter's HTTP server with its limits: headers and the whole request (body included) must
 * arrive in time, checked every second (Node checks every 30 s by default, so a trickled body would
 * hold its socket that much longer than the timeout says).
 */
export function listenHttp(
  app: RequestListener,
  hostPort: string,
  limits: ServerLimits,
  logger?: Logger
): Promise<Server> {
  const at = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(hostPort.slice(at + 1));
  const requestTimeout = limits.requestTimeoutSeconds * 1000;
  const server = createServer(
    {
      headersTimeout: Math.min(limits.headersTimeoutSeconds * 1000, requestTimeout),
      requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeoutSeconds * 1000,
      connectionsCheckingInterval: 1000,
    },
    app
  );
  enforceConnectionBudget(server, limits, logger);
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(`cannot listen on ${hostPort}: the address is already in use (another exporter?)`)
          : e.code === 'EACCES'
            ? new Error(`cannot listen on ${hostPort}: permission denied (ports below 1024 need privileges)`)
            : e
      )
    );
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve(server);
    });
  });
}
