import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export interface HarnessServer {
  url: string;
  /** What GET /api/v1/history answers next. */
  setSnapshot(json: unknown): void;
  close(): Promise<void>;
}

/** Serves dist/harness under /preview/ and a snapshot at /api/v1/history, on a free loopback port. */
export async function startHarnessServer(dir: string): Promise<HarnessServer> {
  let snapshot: unknown = { now: 0, series: [], events: [] };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/api/v1/history') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(snapshot));
      return;
    }
    const rel = normalize(path.replace(/^\/preview\/?/, '') || 'index.html');
    const file = join(dir, rel);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setSnapshot: (json) => {
      snapshot = json;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
