import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { postEvents, startTestExporter } from '../testing/inProcessExporter';
import type { RunningExporter } from '../serve';

let open: RunningExporter;
let guarded: RunningExporter;
before(async () => {
  open = await startTestExporter({ catalog: ['T'] });
  guarded = await startTestExporter({ catalog: ['T'], ingest: { tokens: ['s3cret-token-for-tests'] } });
});
after(async () => {
  await open.shutdown();
  await guarded.shutdown();
});

const hb = (sid: string) =>
  JSON.stringify({ type: 'heartbeat', sid, title: 'T', state: 'playing', cdn: 'x', region: 'y', device: 'z' });
const body = (prefix: string) => [hb(`${prefix}1`), 'garbage', hb(`${prefix}2`)].join('\n');
const metric = async (url: string, line: RegExp) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(line.exec(text)?.[1] ?? 0);
};

test('the fast path answers as the express route does: status, body and headers', async () => {
  // `/v1/events/` (trailing slash) is the same route, but never taken by the fast path.
  const post = (path: string, text: string) =>
    fetch(`${open.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: text });
  for (const text of [body('a'), '', 'garbage\n{}']) {
    const [fast, slow] = [await post('/v1/events', text), await post('/v1/events/', text.replaceAll('"a', '"b'))];
    assert.equal(fast.status, slow.status);
    assert.deepEqual(await fast.json(), await slow.json());
    for (const name of [
      'content-type',
      'content-security-policy',
      'x-content-type-options',
      'x-frame-options',
      'referrer-policy',
    ])
      assert.equal(fast.headers.get(name), slow.headers.get(name), name);
  }
});

test('with tokens, a good one is ingested and a bad one refused (401, counted) by the express guard', async () => {
  const good = await postEvents(guarded.url, body('g'), 'application/x-ndjson', 's3cret-token-for-tests');
  assert.equal(good.status, 200);
  assert.equal(good.json.accepted, 2);
  const bad = await postEvents(guarded.url, body('g'), 'application/x-ndjson', 'wrong');
  assert.equal(bad.status, 401);
  assert.equal(
    await metric(guarded.url, /launchday_ingest_requests_refused_total\{source="events",code="401"\} (\d+)/),
    1
  );
});

test('a gzip body and a chunked body take the express route and are ingested', async () => {
  const gzip = await fetch(`${open.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
    body: gzipSync(body('z')),
  });
  assert.equal(gzip.status, 200);
  assert.equal(((await gzip.json()) as { accepted: number }).accepted, 2);
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(body('c')));
      controller.close();
    },
  });
  const chunked = await fetch(`${open.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  assert.equal(chunked.status, 200);
  assert.equal(((await chunked.json()) as { accepted: number }).accepted, 2);
});

test('a client gone mid-body is counted as a refused request (400), as raw-body counts it', async () => {
  const line = /launchday_ingest_requests_refused_total\{source="events",code="400"\} (\d+)/;
  const before = await metric(open.url, line);
  const { port } = new URL(open.url);
  const socket = connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n'
  );
  socket.write(hb('gone'));
  await new Promise((r) => setTimeout(r, 50));
  socket.destroy();
  for (let i = 0; i < 50 && (await metric(open.url, line)) === before; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await metric(open.url, line), before + 1);
  assert.equal(open.state.sessions.labelSetOf('gone'), undefined, 'nothing of it applied');
});

test('a plain serve (no catalog) gives a surging unknown title its own series by the next scrape', async () => {
  const plain = await startTestExporter();
  try {
    const lines = Array.from({ length: 600 }, (_, i) =>
      JSON.stringify({
        type: 'heartbeat',
        sid: `u${i}`,
        title: 'Surprise Hit',
        state: 'playing',
        cdn: 'a',
        region: 'b',
        device: 'c',
      })
    );
    const res = await postEvents(plain.url, lines.join('\n'));
    assert.equal(res.status, 200);
    const text = await (await fetch(`${plain.url}/metrics`)).text();
    const viewers = /launchday_concurrent_viewers\{[^}]*title="Surprise Hit"[^}]*\} (\d+)/.exec(text);
    assert.ok(viewers, 'the title has its own series');
    // The events before its admission were counted under `other`; they move with their next heartbeat.
    assert.ok(Number(viewers[1]) >= 600 - 200, `viewers ${viewers[1]}`);
  } finally {
    await plain.shutdown();
  }
});
