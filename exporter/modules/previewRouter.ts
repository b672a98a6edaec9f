import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type Request } from 'express';
import type { HistorySnapshot } from '../../core/history/snapshot';

/** Where `npm run build:harness` puts the page that mounts the real overlay panel. */
export const HARNESS_DIR = join(__dirname, '..', '..', 'build', 'preview');

const DEFAULT_SOURCE = '/api/v1/history';

/** A path on this exporter (`/x`), never an address elsewhere (`//host`, `/\host`, `https://...`). */
export function isLocalPath(source: string): boolean {
  return source.startsWith('/') && !source.startsWith('//') && !source.startsWith('/\\');
}

/** The query string as given, with `source` set to the default when it is absent. */
function withSource(req: Request): string {
  const params = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  if (!params.get('source')) params.set('source', DEFAULT_SOURCE);
  return params.toString();
}

/**
 * The preview for people without Grafana: `/preview/` is the real war-room panel in a harness page, fed by
 * `/api/v1/history`, the exporter's own recent past; `/preview/exec` the executive view. `?source=` may only
 * name a path on this exporter (the page checks it too): another origin's numbers never show as ours.
 */
export function previewRouter(history: () => HistorySnapshot, harnessDir = HARNESS_DIR): Router {
  const router = Router();
  const page = join(harnessDir, 'index.html');
  const unbuilt = (res: express.Response) =>
    res.status(503).type('text/plain').send('The preview page is not built: run `npm run build:harness`.\n');
  const foreignSource = (req: Request, res: express.Response) => {
    const source = req.query.source;
    if (source === undefined || (typeof source === 'string' && isLocalPath(source))) return false;
    res.status(400).type('text/plain').send('?source= must be a path on this exporter, such as /api/v1/history.\n');
    return true;
  };
  router.get('/api/v1/history', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(history());
  });
  router.get(['/preview/exec', '/preview/exec/'], (req, res) => {
    if (foreignSource(req, res)) return;
    const [path, query] = req.originalUrl.split('?');
    if (path !== '/preview/exec') {
      res.redirect(302, `/preview/exec${query ? `?${query}` : ''}`);
      return;
    }
    if (!existsSync(page)) {
      unbuilt(res);
      return;
    }
    res.set('Cache-Control', 'no-store').sendFile(page);
  });
  // Express 5 routes '/preview' and '/preview/' alike, so the trailing slash is checked on the raw URL:
  // the page's assets are relative and need it.
  router.get('/preview', (req, res, next) => {
    if (foreignSource(req, res)) return;
    const path = req.originalUrl.split('?')[0];
    if (path !== '/preview/' || !req.query.source) {
      res.redirect(302, `/preview/?${withSource(req)}`);
      return;
    }
    if (!existsSync(page)) {
      unbuilt(res);
      return;
    }
    next();
  });
  router.use('/preview', express.static(harnessDir, { index: 'index.html', maxAge: 0 }));
  return router;
}
