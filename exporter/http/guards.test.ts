import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { postEvents, startTestExporter } from '../testing/inProcessExporter';

const hb = JSON.stringify({ type: 'heartbeat', sid: 's', title: 'T', state: 'playing' });

test('with tokens configured, ingestion without a valid Bearer token is a 401', async () => {
  const token = 'a-very-long-ingestion-token';
  const exporter = await startTestExporter({ ingest: { tokens: [token] } });
  try {
    assert.equal((await postEvents(exporter.url, hb)).status, 401);
    assert.equal((await postEvents(exporter.url, hb, undefined, 'wrong-token-of-some-length')).status, 401);
    assert.equal((await postEvents(exporter.url, hb, undefined, token)).status, 200);
    assert.equal((await fetch(`${exporter.url}/metrics`)).status, 200, 'scrapes need no token');
  } finally {
    await exporter.shutdown();
  }
});

test('when event-loop lag passes its budget, ingestion answers 429 with Retry-After', async () => {
  const exporter = await startTestExporter({ ingest: { lagBudgetMs: 0.001 } });
  try {
    await sleep(1200); // one lag window; any lag is over a microsecond budget
    const res = await postEvents(exporter.url, hb);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.equal((await fetch(`${exporter.url}/metrics`)).status, 200, 'scrapes are never shed');
  } finally {
    await exporter.shutdown();
  }
});

test('past the session cap, new sessions are refused and reported, not lost silently', async () => {
  const exporter = await startTestExporter({ maxSessions: 2 });
  try {
    const body = ['a', 'b', 'c'].map((sid) => JSON.stringify({ type: 'heartbeat', sid, title: 'T', state: 'playing' }));
    const res = await postEvents(exporter.url, body.join('\n'));
    assert.equal(res.json.accepted, 2);
    assert.equal(res.json.rejected, 1);
    assert.deepEqual(res.json.errors, [{ line: 3, error: 'session_cap: the session table is full' }]);
    const text = await (await fetch(`${exporter.url}/metrics`)).text();
    assert.match(text, /launchday_sessions_refused_total 1/);
    assert.match(text, /launchday_events_rejected_total\{source="events",reason="session_cap"\} 1/);
  } finally {
    await exporter.shutdown();
  }
});

test('readiness turns false on shutdown while liveness holds until the end', async () => {
  const exporter = await startTestExporter();
  assert.equal((await fetch(`${exporter.url}/readyz`)).status, 200);
  assert.equal((await fetch(`${exporter.url}/healthz`)).status, 200);
  const agent = await fetch(`${exporter.url}/healthz`);
  assert.equal(await agent.text(), 'ok\n');
  await exporter.shutdown();
  await assert.rejects(fetch(`${exporter.url}/readyz`));
});
