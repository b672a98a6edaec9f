import type { IncomingMessage, RequestListener } from 'node:http';
import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import type { ExporterConfig } from '../config/schema';
import { ingestSourceOf, type IngestLedger } from '../ingest/ingestLedger';
import type { MetricsExposition } from '../metrics/exposition';
import type { EventLoopLag } from '../runtime/eventLoopLag';
import { QueueDelay } from '../runtime/queueDelay';
import type { TelemetryState } from '../state/telemetryState';
import { bearerAuth, tokenCheck } from './bearerAuth';
import { errorHandler } from './errorHandler';
import { isReservedSocket, reservedConnectionGuard } from './httpServer';
import { IngestAdmission, SHED_FROM_MS } from './ingestAdmission';
import { ingestFastPath } from './ingestFastPath';
import { ingestRoute } from './ingestRoute';
import { loadShedding, writeShed } from './loadShedding';
import { metricsRoute } from './metricsRoute';
import { probes } from './probes';
import { securityHeaders } from './securityHeaders';

export interface AppParts {
  config: ExporterConfig;
  logger: Logger;
  state: TelemetryState;
  ledger: IngestLedger;
  exposition: MetricsExposition;
  lag: EventLoopLag;
  isReady: () => boolean;
  /** Routers of other modules (calendar API, history, preview), mounted as they are. */
  extraRouters?: Router[];
  /** Ingestion routers that need the same auth and load shedding as /v1/events. */
  extraIngestRouters?: Router[];
  /** The bound on ingestion requests in flight (ingestAdmission.ts); the default one unless given. */
  admission?: IngestAdmission;
}

export function createApp(parts: AppParts): RequestListener {
  const { config, logger, state, ledger } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());
  app.use(reservedConnectionGuard());
  app.use(probes(parts.isReady));
  app.use(metricsRoute(parts.exposition));
  for (const router of parts.extraRouters ?? []) app.use(router);

  const refuse = (status: number) => ledger.refuseRequest(status);
  // A 401 or 429 counts against the ingestion path it was sent to (events, cmcd or cdn_logs).
  const refuseOn = (status: number) => (req: Request) =>
    ledger.refuseRequest(status, ingestSourceOf(req.originalUrl.split('?')[0] ?? '') ?? 'events');
  // Ingestion (every /v1 route) is admitted on arrival while fewer than `admission.max` are in flight;
  // /metrics and the probes are never counted nor shed.
  // The queueing-delay gate (a share shed while a queue stands behind a loop that never idles) follows
  // the lag budget's switch: benchmarks set lagBudgetMs to 10 s to never shed, and so never shed on a
  // queue either (they measure the most a process can take).
  // One start for both: the queue reads its CPU cap only from where the gate acts.
  const shedFromMs = SHED_FROM_MS;
  const queue = new QueueDelay(undefined, shedFromMs); // waits under the gate's start need no CPU cap
  const admission =
    parts.admission ??
    new IngestAdmission(
      config.ingest.lagBudgetMs < 1000 ? { queueDelayMs: () => queue.standingMs(), shedFromMs } : { shedFromMs }
    );
  const notAdmitted = new WeakMap<IncomingMessage, string>();
  const overloaded = (req: IncomingMessage) => notAdmitted.get(req);
  const guard = [
    bearerAuth(config.ingest.tokens, refuseOn(401)),
    loadShedding(() => parts.lag.p99Ms, config.ingest.lagBudgetMs, refuseOn(429), overloaded),
  ];
  app.use('/v1', ...guard);
  app.use(ingestRoute(state, ledger, config.ingest.bodyLimitBytes));
  for (const router of parts.extraIngestRouters ?? []) app.use(router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(errorHandler(logger, refuse));
  // NDJSON batches whose every check passes skip express (ingestFastPath.ts); the rest go through it.
  // A request not admitted reads as over the lag budget there (it is called synchronously, below),
  // so the fast path leaves it to express, whose loadShedding answers the 429 and counts it.
  let admitted = true;
  const fast = ingestFastPath({
    state,
    ledger,
    tokens: config.ingest.tokens,
    lagBudgetMs: config.ingest.lagBudgetMs,
    lagMs: () => (admitted ? parts.lag.p99Ms : Infinity),
    bodyLimitBytes: config.ingest.bodyLimitBytes,
  });
  const tokenOk = tokenCheck(config.ingest.tokens);
  return (req, res) => {
    const source = req.url?.startsWith('/v1/') ? ingestSourceOf(req.url.split('?')[0]!) : undefined;
    admitted = source === undefined || admission.admit(req, res);
    if (!admitted) {
      // Refused cheaply unless another answer comes first on express (401 for a bad token, 503 on a
      // reserved socket); the refusal is counted under its source either way.
      if (tokenOk(req.headers.authorization) && !isReservedSocket(req.socket)) {
        ledger.refuseRequest(429, source);
        writeShed(res, admission.lastReason);
        return;
      }
      notAdmitted.set(req, admission.lastReason);
    }
    if (!fast(req, res)) app(req, res);
  };
}
