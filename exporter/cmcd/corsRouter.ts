import { Router } from 'express';
import type { IngestSource } from '../ingest/ingestLedger';

export const PLAYER_REPORT_PATH = '/v1/cmcd';
export const CDN_LOG_PATH = '/v1/cdn-logs';

/**
 * CORS for player reports, mounted ahead of the ingestion guard: a preflight carries no token, so it is
 * answered here (204, cached for a day); an allowed origin also gets its header on the POST's answer,
 * whatever the guard says, so a player can read a 401 or 429.
 *
 * It also guards writes. A `text/plain` POST needs no preflight, so any web page could post reports (or
 * log lines) from a visitor's browser to a tokenless exporter: a request whose `Origin` is not allowed
 * is refused (403) and counted, never applied. Shippers, curl and other servers send no `Origin`.
 */
export function corsRouter(
  allowOrigins: readonly string[],
  onRefused: (status: number, source: IngestSource) => void
): Router {
  const anyOrigin = allowOrigins.includes('*');
  const allowed = new Set(allowOrigins);
  const router = Router();
  router.use(PLAYER_REPORT_PATH, (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    const ok = origin === undefined || anyOrigin || allowed.has(origin);
    if (origin !== undefined && ok) res.set('Access-Control-Allow-Origin', origin);
    if (!ok) {
      onRefused(403, 'cmcd');
      res.status(403).json({ error: `origin "${origin.slice(0, 256)}" is not in cmcd.allowOrigins` });
      return;
    }
    if (req.method !== 'OPTIONS') return next();
    res
      .status(204)
      .set({
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization',
        'Access-Control-Max-Age': '86400',
      })
      .end();
  });
  // Log lines come from shippers, never from a page: any Origin is a browser sent by someone else's page.
  router.use(CDN_LOG_PATH, (req, res, next) => {
    const origin = req.get('origin');
    if (origin === undefined) return next();
    onRefused(403, 'cdn_logs');
    res.status(403).json({ error: 'CDN log lines are not taken from web pages (the request has an Origin)' });
  });
  return router;
}
