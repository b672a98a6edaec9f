import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import express from 'express';

import type { HistorySnapshot } from '../../core/history/snapshot';
import { previewRouter } from '../../exporter/modules/previewRouter';

export interface HarnessServer {
  url: string;
  /** What GET /api/v1/history answers next. */
  setSnapshot(json: unknown): void;
  /** How many times /api/v1/history was asked for. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * The exporter's own preview routes (/preview/, /preview/exec, /api/v1/history) over build/preview, with a
 * snapshot the test sets, on a free loopback port. `cors` makes it answer any origin, as a hostile site would.
 */
export async function startHarnessServer(dir: string, opts: { cors?: boolean } = {}): Promise<HarnessServer> {
  let snapshot: unknown = { now: 0, series: [], events: [] };
  let asked = 0;
  const app = express();
  app.use((req, res, next) => {
    if (req.path === '/api/v1/history') asked++;
    if (opts.cors) res.set('Access-Control-Allow-Origin', '*');
    next();
  });
  app.use(previewRouter(() => snapshot as HistorySnapshot, dir));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setSnapshot: (json) => {
      snapshot = json;
    },
    requests: () => asked,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
