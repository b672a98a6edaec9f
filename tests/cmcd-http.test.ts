// The CMCD routes on a real exporter (loopback, free port): player reports, CORS, bad input, the
// session cap, and CDN log lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cmcdModule } from '../exporter/cmcd';
import type { RunningExporter } from '../exporter/serve';
import { startTestExporter } from '../exporter/testing/inProcessExporter';
import { metricSum } from './browser-cmcd/metricSum';

const TITLE = 'Launch Night Live';
const PAGE = 'https://watch.example.tv';
const TOKEN = 'a-test-ingestion-token-0123456789';
let exporter: RunningExporter;

before(async () => {
  exporter = await startTestExporter(
    {
      catalog: [TITLE],
      maxSessions: 50,
      // Shedding is not under test here: a loaded test machine must not turn answers into 429s.
      ingest: { tokens: [TOKEN], lagBudgetMs: 10_000 },
      cmcd: { titles: { 'launch-night': TITLE }, allowOrigins: [PAGE], players: { cdn: 'akamai' } },
    },
    [cmcdModule]
  );
});
after(() => exporter.shutdown());

const auth = { authorization: `Bearer ${TOKEN}` };
const cmcd = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${exporter.url}/v1/cmcd`, {
    method: 'POST',
    headers: { 'content-type': 'application/cmcd', ...auth, ...headers },
    body,
  });
const metrics = async () => (await fetch(`${exporter.url}/metrics`)).text();

test('a good report is applied and answered 204 with no body', async () => {
  const res = await cmcd(`cid="launch-night",e=t,sid="http-1",sn=1,sta=p,ts=${Date.now()},v=2\n`);
  assert.equal(res.status, 204);
  assert.equal(await res.text(), '');
  assert.equal(metricSum(await metrics(), 'launchday_concurrent_viewers', { title: TITLE, cdn: 'akamai' }), 1);
});

test('rebuffering reports count in the rebuffering gauge, next to viewers', async () => {
  assert.equal((await cmcd('cid="launch-night",e=ps,sid="http-2",sta=r,v=2')).status, 204);
  assert.equal(metricSum(await metrics(), 'launchday_rebuffering_viewers', { title: TITLE }), 1);
  assert.equal((await cmcd('cid="launch-night",e=ps,sid="http-2",sta=q,v=2')).status, 204);
  assert.equal(metricSum(await metrics(), 'launchday_rebuffering_viewers', { title: TITLE }), 0);
});

test('bad lines are reported with their numbers and the good lines are applied', async () => {
  const body = [
    'cid="launch-night",e=rr,rc=504,ot=v,sid="http-3",sta=p,url="https://x/seg1.ts",v=2',
    'this is not "cmcd',
    '',
    'cid="launch-night",e=rr,rc="oops",sid="http-3"',
    'cid="launch-night",e=e,sid="http-3",sta=f,v=2',
  ].join('\n');
  const res = await cmcd(body);
  assert.equal(res.status, 200);
  const json = (await res.json()) as { accepted: number; rejected: number; errors: { line: number; error: string }[] };
  assert.equal(json.accepted, 2);
  assert.equal(json.rejected, 2);
  assert.deepEqual(
    json.errors.map((e) => e.line),
    [2, 4]
  );
  assert.match(json.errors[1]!.error, /key "rc"/);
  const text = await metrics();
  // A player's e=rr is its own view of the request a CDN log also reports: counted apart, never added.
  const failed = { title: TITLE, cdn: 'akamai', status_class: '504' };
  assert.equal(metricSum(text, 'launchday_player_segment_failures_total', failed), 1);
  assert.equal(metricSum(text, 'launchday_segment_failures_total', failed), 0);
  assert.equal(metricSum(text, 'launchday_player_errors_total', { title: TITLE }), 1);
  assert.equal(metricSum(text, 'launchday_events_rejected_total', { source: 'cmcd', reason: 'invalid' }), 2);
});

test('a body with no good line is a 400; another content type a 415; no token a 401', async () => {
  assert.equal((await cmcd('garbage "\n')).status, 400);
  assert.equal((await cmcd('sid="a"', { 'content-type': 'application/json' })).status, 415);
  assert.equal((await cmcd('sid="a"', { authorization: '' })).status, 401);
});

test("the CMCD routes' own 400s and 415s are counted as refused requests of their source", async () => {
  const refused = async (source: string, code: string) =>
    metricSum(await metrics(), 'launchday_ingest_requests_refused_total', { source, code });
  const before = { cmcd400: await refused('cmcd', '400'), logs415: await refused('cdn_logs', '415') };
  assert.equal((await cmcd('garbage "\n')).status, 400);
  const log = await fetch(`${exporter.url}/v1/cdn-logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: '{}',
  });
  assert.equal(log.status, 415);
  assert.equal(await refused('cmcd', '400'), before.cmcd400 + 1);
  assert.equal(await refused('cdn_logs', '415'), before.logs415 + 1);
  const tooLarge = await cmcd(`${'x'.repeat(70 * 1024)}\n`);
  assert.equal(tooLarge.status, 413);
  assert.equal(await refused('cmcd', '413'), 1, 'past the 64 KiB player body limit, counted as cmcd');
  assert.equal(await refused('events', '413'), 0);
});

test('a cross-origin text/plain POST (no preflight) from a disallowed origin is refused, counted, not applied', async () => {
  const forged = `cid="launch-night",e=t,sid="forged-1",sta=p,v=2`;
  const refusedBefore = metricSum(await metrics(), 'launchday_ingest_requests_refused_total', {
    source: 'cmcd',
    code: '403',
  });
  const res = await cmcd(forged, { 'content-type': 'text/plain', origin: 'https://evil.example' });
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  const logs = await fetch(`${exporter.url}/v1/cdn-logs`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: PAGE, ...auth },
    body: `${Math.floor(Date.now() / 1000)}.000 200 GET "h" "/a.ts" "cid%3D%22launch-night%22%2Csid%3D%22forged-2%22"`,
  });
  assert.equal(logs.status, 403, 'log lines never come from a page');
  const text = await metrics();
  assert.equal(
    metricSum(text, 'launchday_ingest_requests_refused_total', { source: 'cmcd', code: '403' }),
    refusedBefore + 1
  );
  assert.equal(metricSum(text, 'launchday_ingest_requests_refused_total', { source: 'cdn_logs', code: '403' }), 1);
  assert.equal(exporter.state.sessions.labelSetOf('forged-1'), undefined, 'never applied');
  assert.equal(exporter.state.sessions.labelSetOf('forged-2'), undefined, 'never applied');
  const allowed = await cmcd(`cid="launch-night",e=t,sid="page-1",sta=p,v=2`, {
    'content-type': 'text/plain',
    origin: PAGE,
  });
  assert.equal(allowed.status, 204);
});

test('CORS: a preflight from an allowed origin passes without a token and is cached', async () => {
  const res = await fetch(`${exporter.url}/v1/cmcd`, {
    method: 'OPTIONS',
    headers: {
      origin: PAGE,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), PAGE);
  assert.match(res.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
  assert.equal(res.headers.get('access-control-max-age'), '86400');
});

test('CORS: another origin gets no allow header; an allowed one gets it even on a 401', async () => {
  const denied = await fetch(`${exporter.url}/v1/cmcd`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example' },
  });
  assert.equal(denied.status, 403);
  assert.equal(denied.headers.get('access-control-allow-origin'), null);
  const unauthorized = await cmcd('sid="a"', { origin: PAGE, authorization: '' });
  assert.equal(unauthorized.status, 401);
  assert.equal(unauthorized.headers.get('access-control-allow-origin'), PAGE);
});

test('a hostile sid flood hits the session cap, reported per line, and never grows the table', async () => {
  const lines = Array.from({ length: 500 }, (_, i) => `cid="launch-night",e=t,sid="flood-${i}",sta=p,v=2`);
  const res = await cmcd(lines.join('\n'));
  const json = (await res.json()) as { accepted: number; rejected: number; errors: { error: string }[] };
  assert.equal(exporter.state.sessions.size, 50);
  assert.equal(json.accepted + json.rejected, 500);
  assert.ok(json.rejected >= 450);
  assert.match(json.errors[0]!.error, /session_cap/);
  assert.equal(json.errors.length, 100, 'the error list is bounded; the count stays exact');
});

test('CDN log lines: segments per title and CDN with the logged status; old lines keep no session alive', async () => {
  const body = readFileSync(join(__dirname, 'fixtures', 'cmcd', 'nginx-access.log'), 'utf8');
  const res = await fetch(`${exporter.url}/v1/cdn-logs?cdn=fastly`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...auth },
    body,
  });
  assert.equal(res.status, 200);
  const json = (await res.json()) as Record<string, number>;
  // 3 lines without CMCD; the manifest line only kept a (long gone) session alive; 6 media requests.
  assert.deepEqual(
    { ...json, errors: undefined },
    { accepted: 6, rejected: 0, ignored: 3, stale: 1, errors: undefined }
  );
  const text = await metrics();
  const failures = (labels: Record<string, string>) => metricSum(text, 'launchday_segment_failures_total', labels);
  assert.equal(failures({ title: TITLE, cdn: 'fastly', status_class: '504' }), 2);
  assert.equal(failures({ title: TITLE, cdn: 'fastly', status_class: '5xx' }), 1);
  assert.equal(metricSum(text, 'launchday_segment_requests_total', { title: 'other', cdn: 'fastly' }), 1);
  assert.equal(exporter.state.sessions.size, 50, 'no session from log lines older than the TTL');
});

test('CDN log lines in an unknown format are refused with the line numbers', async () => {
  const res = await fetch(`${exporter.url}/v1/cdn-logs`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...auth },
    body: '127.0.0.1 - - [22/Nov/2026:16:00:00 +0000] "GET / HTTP/1.1" 200 5\n',
  });
  assert.equal(res.status, 400);
  const json = (await res.json()) as { errors: { line: number }[] };
  assert.equal(json.errors[0]!.line, 1);
  const format = await fetch(`${exporter.url}/v1/cdn-logs?format=apache`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...auth },
    body: 'x',
  });
  assert.equal(format.status, 400);
});

test('a bad cmcd section stops the exporter at start with the key named', async () => {
  await assert.rejects(
    startTestExporter({ cmcd: { allowOrigins: 'everyone' } }, [cmcdModule]),
    /invalid cmcd configuration: cmcd\.allowOrigins/
  );
});
