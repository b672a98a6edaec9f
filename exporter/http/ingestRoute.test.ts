import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postEvents, startTestExporter } from '../testing/inProcessExporter';
import type { RunningExporter } from '../serve';

let exporter: RunningExporter;
before(async () => {
  exporter = await startTestExporter({ catalog: ['Luke Cage'], ingest: { bodyLimitBytes: 4096 } });
});
after(() => exporter.shutdown());

const hb = (sid: string, state = 'playing') => JSON.stringify({ type: 'heartbeat', sid, title: 'Luke Cage', state });

test('a batch with some bad lines applies the good ones and details the bad ones', async () => {
  const res = await postEvents(exporter.url, [hb('a'), 'garbage', hb('b')].join('\n'));
  assert.equal(res.status, 200);
  assert.equal(res.json.accepted, 2);
  assert.equal(res.json.rejected, 1);
  assert.deepEqual(res.json.errors, [
    { line: 2, error: 'invalid JSON: ' + (res.json.errors as { error: string }[])[0]!.error.slice(14) },
  ]);
});

test('a batch with no good line is a 400 with the same detail', async () => {
  const res = await postEvents(exporter.url, '{"type":"heartbeat"}\n{"type":"login","outcome":"maybe"}');
  assert.equal(res.status, 400);
  assert.equal(res.json.accepted, 0);
  assert.equal(res.json.rejected, 2);
  assert.equal((res.json.errors as unknown[]).length, 2);
});

test('a JSON array is taken with application/json', async () => {
  const res = await postEvents(exporter.url, `[${hb('c')}]`, 'application/json');
  assert.equal(res.status, 200);
  assert.equal(res.json.accepted, 1);
});

test('a body over the limit is a 413', async () => {
  const res = await postEvents(exporter.url, hb('x').repeat(200));
  assert.equal(res.status, 413);
  assert.match(String(res.json.error), /limit/);
});

test('a wrong content type is a 415', async () => {
  const res = await postEvents(exporter.url, hb('x'), 'text/plain');
  assert.equal(res.status, 415);
});

test('an empty batch is a 400', async () => {
  const res = await postEvents(exporter.url, '');
  assert.equal(res.status, 400);
});

test('the exporter counts what it refused in its own metrics', async () => {
  const text = await (await fetch(`${exporter.url}/metrics`)).text();
  assert.match(text, /launchday_events_rejected_total\{source="events",reason="invalid"\} [1-9]/);
  assert.match(text, /launchday_ingest_requests_refused_total\{source="events",code="415"\} 1/);
  assert.match(text, /launchday_ingest_requests_refused_total\{source="events",code="413"\} 1/);
});
