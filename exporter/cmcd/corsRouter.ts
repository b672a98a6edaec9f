import { Router } from 'express';

export const PLAYER_REPORT_PATH = '/v1/cmcd';

/**
 * CORS for player reports, mounted ahead of the ingestion guard: a preflight carries no token, so it is
 * answered here (204, cached for a day); an allowed origin also gets its header on the POST's answer,
 * whatever the guard says, so a player can read a 401 or 429.
 */
export function corsRouter(allowOrigins: readonly string[]): Router {
  const anyOrigin = allowOrigins.includes('*');
  const allowed = new Set(allowOrigins);
  const router = Router();
  router.use(PLAYER_REPORT_PATH, (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    const ok = origin !== undefined && (anyOrigin || allowed.has(origin));
    if (ok) res.set('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') return next();
    if (!ok) {
      res.status(403).end();
      return;
    }
    res
      .status(204)
      .set({
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization',
        'Access-Control-Max-Age': '86400',
      })
      .end();
  });
  return router;
}
