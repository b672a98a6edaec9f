// Issue 15, points 1-9, each from a line a real player sent (realPlayerLines.fixture.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../config/schema';
import { telemetryLimits } from '../config/telemetryLimits';
import { IngestLedger } from '../ingest/ingestLedger';
import { TelemetryState } from '../state/telemetryState';
import { applyNginxLogLines, applyPlayerReports, type CmcdIngest } from './cmcdBatch';
import { CmcdMapping } from './cmcdMapping';
import { parseCmcdConfig } from './config';
import { PlayerCounters } from './playerCounters';
import { DASHJS, SHAKA } from './realPlayerLines.fixture';

const TITLE = 'dash live';
const TTL_MS = 30_000;

function setup(cmcd: unknown = { players: { device: 'web' } }) {
  const config = resolveConfig({ catalog: [TITLE], sessionTtlSeconds: TTL_MS / 1000, cmcd });
  const state = new TelemetryState(telemetryLimits(config));
  const ignored: string[] = [];
  const ingest: CmcdIngest = {
    state,
    mapping: new CmcdMapping(parseCmcdConfig(config.cmcd)),
    ledger: new IngestLedger(),
    players: new PlayerCounters(state, 100),
    clockToleranceMs: TTL_MS,
    onIgnored: (source, reason, lines) => ignored.push(`${source} ${reason} ${lines}`),
  };
  const viewers = (now: number) => state.viewersByTitle(now).get(TITLE) ?? { viewers: 0, rebuffering: 0 };
  return { state, ingest, ignored, viewers };
}

/** The epoch ms of a log line's $msec, and of a report's ts. */
const logTime = (line: string) => Math.round(Number(line.slice(0, line.indexOf(' '))) * 1000);
const reportTime = (report: string) => Number(/ts=(\d+)/.exec(report)![1]);

const counted = (family: { sets: { tuples: readonly (readonly string[])[] }; values: number[] }) =>
  new Map(family.sets.tuples.map((tuple, id) => [tuple.join('|'), family.values[id] ?? 0]));

test('1. a + in the query argument is a space: dash.js "dash+live" is the title "dash live"', () => {
  const { state, ingest, viewers } = setup();
  const at = logTime(DASHJS.queryV2Log);
  assert.equal(applyNginxLogLines(DASHJS.queryV2Log, 'origin', ingest, at + 100).accepted, 1);
  assert.deepEqual(viewers(at + 100), { viewers: 1, rebuffering: 0 });
  assert.equal(counted(state.segmentRequests).get(`${TITLE}|origin`), 1);
});

test('2. a custom key spelled as in CTA-5004 (com.example-myNumericKey) is ignored, not an error', () => {
  const { ingest, viewers } = setup();
  const report = `${DASHJS.intervalReport},com.example-myNumericKey=500`;
  const at = reportTime(report);
  assert.deepEqual(applyPlayerReports(report, ingest, at + 100), {
    accepted: 1,
    rejected: 0,
    ignored: 0,
    stale: 0,
    errors: [],
  });
  assert.equal(viewers(at + 100).viewers, 1);
  const logLine = DASHJS.headerV2Log504.replace(',st=v,v=2"', ',st=v,v=2,com.example-myNumericKey=500"');
  assert.equal(applyNginxLogLines(logLine, 'origin', ingest, logTime(logLine) + 100).accepted, 1);
});

test('3. sta=w (dash.js waiting out a stall) keeps the viewer counted, as rebuffering', () => {
  const { ingest, viewers } = setup();
  const report = DASHJS.rebufferingReport.replace('sta=r', 'sta=w');
  applyPlayerReports(report, ingest, reportTime(report) + 100);
  assert.deepEqual(viewers(reportTime(report) + 100), { viewers: 1, rebuffering: 1 });
});

test('4. a log line stamped before the player paused does not resume the session', () => {
  const { ingest, viewers } = setup();
  const paused = DASHJS.pausedReport;
  const now = reportTime(paused) + 2_000;
  applyPlayerReports(paused, ingest, now);
  assert.equal(viewers(now).viewers, 0);
  const late = applyNginxLogLines(DASHJS.eventV2PlayingLog, 'origin', ingest, now); // logged 0.85 s earlier
  assert.equal(viewers(now).viewers, 0, 'still paused');
  assert.equal(late.accepted, 1, 'its segment still counts');
  assert.equal(ingest.ledger.rejected.get('cdn_logs', 'stale'), 1, 'its heartbeat is refused as stale');
});

// The session table remembers an end for one TTL, so an older line cannot recreate the session.
test('4. an older line does not bring an ended session back', () => {
  const { ingest, viewers } = setup();
  const ended = DASHJS.pausedReport.replace('sta=a', 'sta=e');
  const now = reportTime(ended) + 2_000;
  applyPlayerReports(ended, ingest, now);
  const late = applyNginxLogLines(DASHJS.eventV2PlayingLog, 'origin', ingest, now); // logged 0.85 s earlier
  assert.equal(viewers(now).viewers, 0);
  assert.equal(late.accepted, 1, 'its segment still counts');
  assert.equal(ingest.ledger.rejected.get('cdn_logs', 'stale'), 1, 'its heartbeat is refused as stale');
});

test('5. a v1 manifest request (sid, no state) keeps no session alive and is counted as ignored', () => {
  const { ingest, viewers } = setup();
  const at = logTime(DASHJS.queryV1Manifest);
  const result = applyNginxLogLines(DASHJS.queryV1Manifest, 'origin', ingest, at + 100);
  assert.equal(result.ignored, 1);
  assert.equal(viewers(at + 100).viewers, 0);
  assert.equal(ingest.ledger.ignored.get('cdn_logs', 'not_media'), 1);
});

test('6. a player-reported 504 (dash.js e=rr) is counted apart from the CDN log 504, never added to it', () => {
  const { state, ingest, ignored } = setup();
  const report = DASHJS.response504Report;
  applyPlayerReports(report, ingest, reportTime(report) + 100);
  assert.equal(state.segmentFailures.total(), 0, 'launchday_segment_failures_total is the CDN/origin view');
  assert.equal(counted(ingest.players.failedResponses).get(`${TITLE}|unknown|504`), 1);
  applyNginxLogLines(DASHJS.headerV2Log504, 'origin', ingest, reportTime(report) + 100);
  assert.equal(counted(state.segmentFailures).get(`${TITLE}|origin|504`), 1);
  assert.deepEqual(ignored, []);
});

test('7. a report with neither sid nor cid (dash.js default target) is counted and warned about', () => {
  const { ingest, ignored } = setup();
  const report = DASHJS.defaultTargetReport;
  const result = applyPlayerReports(`${report}\n${report}`, ingest, reportTime(report) + 100);
  assert.equal(result.ignored, 2);
  assert.equal(ingest.ledger.ignored.get('cmcd', 'no_session'), 2);
  assert.deepEqual(ignored, ['cmcd no_session 2']);
});

test('8. Shaka: a release report without sta means watching; a debug sta=f then more reports is no end', () => {
  const { ingest, viewers } = setup();
  const release = SHAKA.releaseResponseReport;
  applyPlayerReports(release, ingest, reportTime(release) + 100);
  assert.equal(viewers(reportTime(release) + 100).viewers, 1);

  const { ingest: debug, viewers: debugViewers } = setup();
  const fatal = SHAKA.debugFatalReport;
  applyPlayerReports(fatal, debug, reportTime(fatal) + 100);
  assert.deepEqual(debugViewers(reportTime(fatal) + 100), { viewers: 1, rebuffering: 1 });
  const after = SHAKA.debugAfterFatalReport;
  applyPlayerReports(after, debug, reportTime(after) + 100);
  assert.deepEqual(debugViewers(reportTime(after) + 100), { viewers: 1, rebuffering: 0 });
});

test('9. a session seen on both paths keeps the log CDN and the player device', () => {
  const { state, ingest } = setup();
  const log = DASHJS.eventV2PlayingLog;
  const at = logTime(log);
  applyNginxLogLines(log, 'origin', ingest, at + 10);
  const report = DASHJS.intervalReport.replace(/ts=\d+/, `ts=${at + 5}`);
  applyPlayerReports(report, ingest, at + 10);
  const labels = state
    .viewerCounts(at + 10)
    .filter((c) => c.viewers > 0)
    .map((c) => `${c.labels.cdn}/${c.labels.device}`);
  assert.deepEqual(labels, ['origin/web']);
});

test('bs on a request makes a playing dash.js session a buffering one (the 504 retries)', () => {
  const { ingest, viewers } = setup();
  const line = DASHJS.headerV2Log504.replace(',sn=27,sta=p"', ',sn=27,sta=p,bs"');
  const at = logTime(line);
  applyNginxLogLines(line, 'origin', ingest, at + 100);
  assert.deepEqual(viewers(at + 100), { viewers: 1, rebuffering: 1 });
});

test('Shaka v1 query lines: the 504 counts for the title, the session as watching', () => {
  const { state, ingest, viewers } = setup();
  const at = logTime(SHAKA.queryV1Log504);
  applyNginxLogLines(SHAKA.queryV1Log504, 'origin', ingest, at + 100);
  assert.equal(counted(state.segmentFailures).get(`${TITLE}|origin|504`), 1);
  assert.equal(viewers(at + 100).viewers, 1);
});

test('9. with cmcd.players.cdn set, the default names new sessions and never relabels one the logs placed', () => {
  const { state, ingest } = setup({ players: { device: 'web', cdn: 'akamai' } });
  const log = DASHJS.eventV2PlayingLog;
  const at = logTime(log);
  applyNginxLogLines(log, 'origin', ingest, at + 10);
  applyPlayerReports(DASHJS.intervalReport.replace(/ts=\d+/, `ts=${at + 5}`), ingest, at + 10);
  applyPlayerReports(
    DASHJS.rebufferingReport.replace('dash-event-v2', 'player-only').replace(/ts=\d+/, `ts=${at + 6}`),
    ingest,
    at + 10
  );
  const labels = state
    .viewerCounts(at + 10)
    .filter((c) => c.viewers > 0)
    .map((c) => `${c.labels.cdn}/${c.labels.device}`)
    .sort();
  assert.deepEqual(labels, ['akamai/web', 'origin/web']);
});
