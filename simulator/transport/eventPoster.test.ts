import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEventPoster, packBodies } from './eventPoster';

async function withServer(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
  run: (url: string) => Promise<void>
) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

test('bodies stay under the size limit and keep every line, in order', () => {
  const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ type: 'login', outcome: 'success', i }));
  const bodies = packBodies(lines, 4096);
  assert.ok(bodies.every((b) => Buffer.byteLength(b) <= 4096));
  assert.deepEqual(
    bodies.flatMap((b) => b.trim().split('\n')),
    lines
  );
});

test('a 429 with Retry-After is waited for and retried, and no line is lost', async () => {
  const received: string[] = [];
  let calls = 0;
  await withServer(
    (req, body, res) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(429, { 'retry-after': '1' }).end();
        return;
      }
      assert.equal(req.headers['content-type'], 'application/x-ndjson');
      const lines = body.trim().split('\n');
      received.push(...lines);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ accepted: lines.length, rejected: 0, errors: [] }));
    },
    async (url) => {
      const poster = createEventPoster({ target: url, concurrency: 1 });
      const lines = ['{"a":1}', '{"a":2}', '{"a":3}'];
      const started = Date.now();
      await poster.send(lines);
      assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
      assert.deepEqual(received, lines);
      assert.equal(poster.stats.throttled, 1);
      assert.equal(poster.stats.accepted, 3);
    }
  );
});

test('rejected lines are counted with their errors, never hidden', async () => {
  await withServer(
    (_req, _body, res) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ accepted: 0, rejected: 1, errors: [{ line: 1, error: 'type: invalid' }] })),
    async (url) => {
      const poster = createEventPoster({ target: url });
      await poster.send(['{"type":"nope"}']);
      assert.equal(poster.stats.rejected, 1);
      assert.deepEqual(poster.stats.firstErrors, ['line 1: type: invalid']);
    }
  );
});

test('an unreachable exporter fails loudly after its retries', async () => {
  const poster = createEventPoster({ target: 'http://127.0.0.1:1', maxNetworkRetries: 1 });
  await assert.rejects(poster.send(['{}']), /cannot reach http:\/\/127\.0\.0\.1:1\/v1\/events/);
});
