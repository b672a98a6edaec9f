import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import type { HistorySnapshot } from '../../core/history/snapshot';

/** Where `npm run build:harness` puts the page that mounts the real overlay panel. */
export const HARNESS_DIR = join(__dirname, '..', '..', 'dist', 'harness');

/**
 * The preview for people without Grafana: `/preview/` is the real panel in a harness page, fed by
 * `/api/v1/history`, the exporter's own recent past.
 */
export function previewRouter(history: () => HistorySnapshot, harnessDir = HARNESS_DIR): Router {
  const router = Router();
  router.get('/api/v1/history', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(history());
  });
  // Express 5 routes '/preview' and '/preview/' alike, so the trailing slash is checked on the raw URL:
  // the page's assets are relative and need it.
  router.get('/preview', (req, res, next) => {
    const path = req.originalUrl.split('?')[0];
    if (path !== '/preview/' || !req.query.source) {
      res.redirect(302, `/preview/?source=${encodeURIComponent(String(req.query.source ?? '/api/v1/history'))}`);
      return;
    }
    if (!existsSync(join(harnessDir, 'index.html'))) {
      res.status(503).type('text/plain').send('The preview page is not built: run `npm run build:harness`.\n');
      return;
    }
    next();
  });
  router.use('/preview', express.static(harnessDir, { index: 'index.html', maxAge: 0 }));
  return router;
}
