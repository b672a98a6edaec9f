import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../config/schema';
import { telemetryLimits } from '../config/telemetryLimits';
import { IngestLedger } from '../ingest/ingestLedger';
import { TelemetryState } from '../state/telemetryState';
import { applyPlayerReports, type CmcdIngest } from './cmcdBatch';
import { CmcdMapping } from './cmcdMapping';
import { parseCmcdConfig } from './config';
import { PlayerCounters } from './playerCounters';
import { DASHJS } from './realPlayerLines.fixture';

const TTL_MS = 30_000;
const NOW = 1796117140000; // 12 s after the fixture's reports

function ingest(): CmcdIngest {
  const config = resolveConfig({ catalog: ['dash live'], sessionTtlSeconds: TTL_MS / 1000 });
  const state = new TelemetryState(telemetryLimits(config));
  const mapping = new CmcdMapping(parseCmcdConfig({}));
  return {
    state,
    mapping,
    ledger: new IngestLedger(),
    players: new PlayerCounters(state, 100),
    clockToleranceMs: TTL_MS,
  };
}
const viewers = (target: CmcdIngest, now: number) => target.state.viewersByTitle(now).get('dash live')?.viewers ?? 0;

test('a device clock an hour behind is taken as arrival time, not refused as stale', () => {
  const target = ingest();
  const behind = DASHJS.intervalReport.replace(/ts=\d+/, `ts=${NOW - 3_600_000}`);
  assert.equal(applyPlayerReports(behind, target, NOW).accepted, 1);
  assert.equal(viewers(target, NOW), 1);
});

test('within one TTL of our clock, a report ts orders the session: an older report changes nothing', () => {
  const target = ingest();
  applyPlayerReports(DASHJS.pausedReport, target, NOW); // ts 1796117135767
  const older = applyPlayerReports(DASHJS.intervalReport, target, NOW); // ts 1796117128061, sta=p
  assert.equal(older.stale, 1);
  assert.equal(viewers(target, NOW), 0, 'still paused');
});

test('counts go to the ledger once per batch, under source cmcd', () => {
  const target = ingest();
  const body = [DASHJS.intervalReport, DASHJS.response504Report, 'not "cmcd', DASHJS.defaultTargetReport].join('\n');
  assert.deepEqual(applyPlayerReports(body, target, NOW), {
    accepted: 2,
    rejected: 1,
    ignored: 1,
    stale: 0,
    errors: [{ line: 3, error: 'not a CMCD payload: unterminated string' }],
  });
  const { ledger } = target;
  assert.equal(ledger.accepted.get('cmcd', 'heartbeat'), 2);
  assert.equal(ledger.accepted.get('cmcd', 'segment'), 1, "the player's own e=rr");
  assert.equal(ledger.rejected.get('cmcd', 'invalid'), 1);
  assert.equal(ledger.ignored.get('cmcd', 'no_session'), 1);
});

test('a body that starts with a byte-order mark and ends its lines with CRLF reads as without them', () => {
  const target = ingest();
  const body = `\uFEFF${DASHJS.intervalReport}\r\n${DASHJS.response504Report}\r\n`;
  const result = applyPlayerReports(body, target, NOW);
  assert.deepEqual([result.accepted, result.rejected, result.errors], [2, 0, []]);
  assert.equal(viewers(target, NOW), 1);
});
