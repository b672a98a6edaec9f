import express, { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { errorHandler } from '../http/errorHandler';
import type { IngestSource } from '../ingest/ingestLedger';
import { applyNginxLogLines, applyPlayerReports, type CmcdBatchResult, type CmcdIngest } from './cmcdBatch';
import { CDN_LOG_PATH, PLAYER_REPORT_PATH } from './corsRouter';

const MAX_CDN_CHARS = 256;

/** Refuses other media types with 415 (counted), then reads the raw body within the limit (413 past it). */
function rawBody(types: readonly string[], limitBytes: number, refuse: (status: number) => void): RequestHandler[] {
  const typeCheck: RequestHandler = (req, res, next) => {
    const mime = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (types.includes(mime)) return next();
    refuse(415);
    res.status(415).json({ error: `unsupported content type "${mime.slice(0, 128)}": send ${types.join(' or ')}` });
  };
  return [typeCheck, express.raw({ type: () => true, limit: limitBytes })];
}

const text = (body: unknown) => (Buffer.isBuffer(body) ? body.toString('utf8') : '');

/** 400 (counted as a refused request) when nothing in the batch was usable, the result otherwise. */
function answer(res: express.Response, result: CmcdBatchResult, refuse: (status: number) => void, allGood: () => void) {
  if (result.accepted + result.ignored + result.stale === 0) {
    refuse(400);
    res.status(400).json({ ...result, error: result.rejected ? 'no valid line in the batch' : 'empty batch' });
  } else if (result.rejected === 0) allGood();
  else res.status(200).json(result);
}

/**
 * `POST /v1/cmcd`: players' event-mode reports (`application/cmcd`, one per line; `text/plain` for
 * sendBeacon). 204 when every line was good. `POST /v1/cdn-logs?cdn=NAME`: access-log lines from a
 * shipper or `launchday tail`, in the `launchday_cmcd` nginx format.
 */
export function cmcdRoutes(
  ingest: CmcdIngest,
  limits: { playerBytes: number; logBytes: number; logCdn: string },
  logger: Logger
): Router {
  const router = Router();
  const refuser = (source: IngestSource) => (status: number) => ingest.ledger.refuseRequest(status, source);
  const refusePlayer = refuser('cmcd');
  const refuseLog = refuser('cdn_logs');
  router.post(
    PLAYER_REPORT_PATH,
    ...rawBody(['application/cmcd', 'text/plain'], limits.playerBytes, refusePlayer),
    (req, res) => {
      const result = applyPlayerReports(text(req.body), ingest, Date.now());
      answer(res, result, refusePlayer, () => res.status(204).end());
    }
  );
  router.post(CDN_LOG_PATH, ...rawBody(['text/plain'], limits.logBytes, refuseLog), (req, res) => {
    const format = typeof req.query.format === 'string' ? req.query.format : 'nginx-cmcd';
    if (format !== 'nginx-cmcd') {
      refuseLog(400);
      res.status(400).json({ error: `unknown log format "${format.slice(0, 64)}": use nginx-cmcd` });
      return;
    }
    const named = typeof req.query.cdn === 'string' && req.query.cdn !== '' ? req.query.cdn : limits.logCdn;
    const result = applyNginxLogLines(text(req.body), named.slice(0, MAX_CDN_CHARS), ingest, Date.now());
    answer(res, result, refuseLog, () => res.status(200).json(result));
  });
  // Body errors (413 past the limit, a broken body) answered and counted here, under their own source.
  router.use(errorHandler(logger, (status, source) => ingest.ledger.refuseRequest(status, source)));
  return router;
}
