import type { RequestListener } from 'node:http';
import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import type { ExporterConfig } from '../config/schema';
import { ingestSourceOf, type IngestLedger } from '../ingest/ingestLedger';
import type { MetricsExposition } from '../metrics/exposition';
import type { EventLoopLag } from '../runtime/eventLoopLag';
import type { TelemetryState } from '../state/telemetryState';
import { bearerAuth } from './bearerAuth';
import { errorHandler } from './errorHandler';
import { reservedConnectionGuard } from './httpServer';
import { ingestFastPath } from './ingestFastPath';
import { ingestRoute } from './ingestRoute';
import { loadShedding } from './loadShedding';
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
  const guard = [
    bearerAuth(config.ingest.tokens, refuseOn(401)),
    loadShedding(() => parts.lag.p99Ms, config.ingest.lagBudgetMs, refuseOn(429)),
  ];
  app.use('/v1', ...guard);
  app.use(ingestRoute(state, ledger, config.ingest.bodyLimitBytes));
  for (const router of parts.extraIngestRouters ?? []) app.use(router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(errorHandler(logger, refuse));
  // NDJSON batches whose every check passes skip express (ingestFastPath.ts); the rest go through it.
  const fast = ingestFastPath({
    state,
    ledger,
    tokens: config.ingest.tokens,
    lagBudgetMs: config.ingest.lagBudgetMs,
    lagMs: () => parts.lag.p99Ms,
    bodyLimitBytes: config.ingest.bodyLimitBytes,
  });
  return (req, res) => {
    if (!fast(req, res)) app(req, res);
  };
}
