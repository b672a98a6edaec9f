import { Router } from 'express';

/** Liveness always answers while the process runs; readiness turns false on shutdown. */
export function probes(isReady: () => boolean): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });
  router.get('/readyz', (_req, res) => {
    if (isReady()) res.type('text/plain').send('ready\n');
    else res.status(503).type('text/plain').send('shutting down\n');
  });
  return router;
}
