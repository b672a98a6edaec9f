// Connection budget, header/body timeouts and security headers, against the real exporter on real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { resolveConfig } from '../exporter/config/schema';
import { createLogger } from '../exporter/log';
import { startExporter, type RunningExporter } from '../exporter/serve';

async function exporterWith(server: Record<string, number>): Promise<RunningExporter & { port: number }> {
  const running = await startExporter(
    resolveConfig({ listen: '127.0.0.1:0', logLevel: 'silent', server }),
    createLogger('silent')
  );
  return { ...running, port: Number(new URL(running.url).port) };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends raw bytes and collects what comes back until the server closes the socket (or `ms` pass). */
function exchange(socket: Socket, request: string, ms = 5000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve({ text, closed: false }), ms);
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.on('error', () => {});
    if (request) socket.write(request);
  });
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;

test('past maxConnections a socket reads /metrics but not ingestion, and past the reserve it is closed', async () => {
  const exporter = await exporterWith({ maxConnections: 4, reservedConnections: 2, headersTimeoutSeconds: 30 });
  const held: Socket[] = [];
  try {
    for (let i = 0; i < 4; i++) held.push(await open(exporter.port));
    await new Promise((r) => setTimeout(r, 100)); // the server has counted them
    const scrape = await exchange(await open(exporter.port), get('/metrics'));
    assert.match(scrape.text, /^HTTP\/1\.1 200/);
    assert.match(scrape.text, /launchday_/);
    const post = await exchange(
      await open(exporter.port),
      'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]'
    );
    assert.match(post.text, /^HTTP\/1\.1 503/);
    assert.ok(post.closed, 'a reserved socket is closed after its answer');

    for (let i = 0; i < 2; i++) held.push(await open(exporter.port));
    await new Promise((r) => setTimeout(r, 100));
    const over = await exchange(await open(exporter.port), get('/metrics'), 2000);
    assert.equal(over.text, '', 'past the reserve nothing is answered');
    assert.ok(over.closed, 'past the reserve the socket is closed at once');
  } finally {
    for (const s of held) s.destroy();
    await exporter.shutdown();
  }
});

test('a trickled body is cut at requestTimeoutSeconds, not held 300 s', async () => {
  const exporter = await exporterWith({ requestTimeoutSeconds: 1, headersTimeoutSeconds: 1 });
  try {
    const socket = await open(exporter.port);
    const started = Date.now();
    socket.write(
      'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n['
    );
    const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
    const answer = await exchange(socket, '', 10_000);
    clearInterval(trickle);
    assert.ok(answer.closed, 'the server closed the socket');
    assert.match(answer.text, /^HTTP\/1\.1 408/);
    assert.ok(Date.now() - started < 4000, `closed after ${Date.now() - started} ms`);
  } finally {
    await exporter.shutdown();
  }
});

test('headers that never finish are cut at headersTimeoutSeconds', async () => {
  const exporter = await exporterWith({ headersTimeoutSeconds: 1 });
  try {
    const socket = await open(exporter.port);
    const started = Date.now();
    const answer = await exchange(socket, 'GET /metrics HTTP/1.1\r\nHost: x\r\n', 10_000);
    assert.ok(answer.closed);
    assert.ok(Date.now() - started < 4000, `closed after ${Date.now() - started} ms`);
  } finally {
    await exporter.shutdown();
  }
});

test('every response carries nosniff, a CSP and frame protection (404 and errors too)', async () => {
  const exporter = await exporterWith({});
  try {
    for (const path of ['/metrics', '/healthz', '/nowhere', '/v1/events']) {
      const response = await fetch(`${exporter.url}${path}`, {
        method: path === '/v1/events' ? 'POST' : 'GET',
        ...(path === '/v1/events' ? { headers: { 'content-type': 'application/json' }, body: '{' } : {}),
      });
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
      assert.match(response.headers.get('content-security-policy') ?? '', /connect-src 'self'/, path);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
    }
  } finally {
    await exporter.shutdown();
  }
});
