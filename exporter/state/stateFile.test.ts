import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAllowLists } from '../config/schema';
import { mountSmallFilesystem } from '../testing/smallFilesystem';
import { BLOCK_ROWS, restoreSessions, saveSessions } from './stateFile';
import { TelemetryState } from './telemetryState';

const newState = (maxSessions = 100) =>
  new TelemetryState({
    catalog: ['T'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions,
    seriesBudget: 100,
  });
const file = () => join(mkdtempSync(join(tmpdir(), 'launchday-state-')), 'sessions.state');
const viewers = (s: TelemetryState, now: number) => s.viewerCounts(now).reduce((a, c) => a + c.viewers, 0);
const playing = (sid: string, weight = 1) =>
  ({ type: 'heartbeat', sid, title: 'T', state: 'playing', weight }) as const;

test('saved sessions come back with their labels, weights and event times', async () => {
  const path = file();
  const before = newState();
  before.apply({ ...playing('a', 3), cdn: 'akamai' }, 1000);
  before.apply({ ...playing('b'), state: 'paused' }, 1000);
  assert.deepEqual(await saveSessions(before, path, 2000), { saved: 2 });
  const after = newState();
  assert.deepEqual(await restoreSessions(after, path, 2000), { restored: 2, expired: 0, stale: 0 });
  assert.equal(viewers(after, 2000), 3);
  assert.deepEqual(after.viewerCounts(2000).find((c) => c.viewers > 0)?.labels.cdn, 'akamai');
  assert.equal(after.apply({ ...playing('a'), ts: 900 }, 2000), 'stale', 'the event time came back too');
  assert.equal(after.apply({ ...playing('a'), state: 'ended' }, 2000), null, 'the same id finds its session');
  assert.equal(after.sessions.size, 1);
});

test('a state file is restored once: it is moved aside, so a second start does not count it again', async () => {
  const path = file();
  const before = newState();
  before.apply(playing('a'), 1000);
  await saveSessions(before, path, 1000);
  assert.deepEqual(await restoreSessions(newState(), path, 1000), { restored: 1, expired: 0, stale: 0 });
  assert.equal(existsSync(path), false);
  assert.deepEqual(await restoreSessions(newState(), path, 1000), { restored: 0, expired: 0, stale: 0 });
});

test('sessions past their TTL at restore time are left out', async () => {
  const path = file();
  const before = newState();
  before.apply(playing('a'), 0);
  await saveSessions(before, path, 1000);
  assert.deepEqual(await restoreSessions(newState(), path, 60_000), { restored: 0, expired: 1, stale: 0 });
});

test('a file whose trailer disagrees with its content is reported as torn', async () => {
  const path = file();
  const before = newState();
  before.apply(playing('a'), 0);
  await saveSessions(before, path, 0);
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, bytes.length - 20));
  const result = await restoreSessions(newState(), path, 0);
  assert.ok('error' in result && /torn or corrupt/.test(result.error));
});

test('a missing state file is a clean first start', async () => {
  assert.deepEqual(await restoreSessions(newState(), join(tmpdir(), 'launchday-does-not-exist.state')), {
    restored: 0,
    expired: 0,
    stale: 0,
  });
});

test('a weight out of bounds in the file (1e39) is not restored, so no label set reads Inf or NaN', async () => {
  const path = file();
  const before = newState();
  before.apply(playing('a'), 0);
  before.apply(playing('b'), 0);
  await saveSessions(before, path, 0);
  const bytes = readFileSync(path);
  const rows = bytes.indexOf(0x0a) + 1;
  bytes.writeDoubleLE(1e39 * 1e6, rows + 4 + 8 * 2); // the first row's weight (after two event times)
  writeFileSync(path, bytes);
  const after = newState();
  assert.deepEqual(await restoreSessions(after, path, 0), { restored: 1, expired: 0, stale: 1 });
  assert.equal(viewers(after, 0), 1);
});

test('a save to a full disk fails, says how many sessions it lost, and leaves no partial file', async (t) => {
  const fs = mountSmallFilesystem(64 * 1024);
  if (!fs) return t.skip('cannot mount a tmpfs here');
  try {
    const state = newState(10_000);
    for (let i = 0; i < 5000; i++) state.apply(playing(`s${i}`), 0); // 145 kB of rows
    const result = await saveSessions(state, join(fs.dir, 'sessions.state'), 0);
    assert.ok('error' in result && /ENOSPC/.test(result.error), JSON.stringify(result));
    assert.equal(result.lost, 5000);
    assert.deepEqual(readdirSync(fs.dir), []);
  } finally {
    fs.unmount();
  }
});

test('a state file in a read-only directory is not restored, since it could be restored at every start', async (t) => {
  const fs = mountSmallFilesystem(1024 * 1024);
  if (!fs) return t.skip('cannot mount a tmpfs here');
  try {
    const path = join(fs.dir, 'sessions.state');
    const before = newState();
    before.apply(playing('a'), 0);
    await saveSessions(before, path, 0);
    fs.readOnly();
    const after = newState();
    const result = await restoreSessions(after, path, 0);
    assert.ok('error' in result && /not restored/.test(result.error));
    assert.equal('unrestored' in result && result.unrestored, 1);
    assert.equal(after.sessions.size, 0);
    const save = await saveSessions(after, path, 0);
    assert.ok('error' in save && /EROFS/.test(save.error));
  } finally {
    fs.unmount();
  }
});

test('an end remembered before a restart is still remembered after it', async () => {
  const path = file();
  const before = newState();
  before.apply(playing('a'), 1000);
  before.apply({ ...playing('a'), state: 'ended', ts: 1500 }, 1500);
  assert.deepEqual(await saveSessions(before, path, 2000), { saved: 1 });
  const after = newState();
  assert.deepEqual(await restoreSessions(after, path, 2000), { restored: 0, expired: 0, stale: 0 });
  assert.deepEqual([after.sessions.size, after.sessions.ended], [0, 1]);
  assert.equal(after.apply({ ...playing('a'), ts: 1200 }, 2000), 'stale', 'a line from before the end');
  assert.equal(viewers(after, 2000), 0);
});

/** A state of `n` playing sessions, filled through the table's own path. */
function filled(n: number, now: number) {
  const state = newState(n);
  for (let i = 0; i < n; i++) state.apply(playing(`s${i}`), now);
  return state;
}

test('a save of 1M sessions gathers at most 16,384 rows between two turns of the event loop', async () => {
  const state = filled(1_000_000, 1000);
  // Rows gathered per turn of the loop (a turn ends at each check phase, setImmediate's), counted, not timed.
  let turn = 0;
  let saving = true;
  const nextTurn = () => {
    turn++;
    if (saving) setImmediate(nextTurn);
  };
  setImmediate(nextTurn);
  const perTurn = new Map<number, number>();
  const table = state.sessions;
  const exportRows = table.exportRows.bind(table);
  table.exportRows = (from: number, max: number) => {
    const block = exportRows(from, max);
    perTurn.set(turn, (perTurn.get(turn) ?? 0) + block.readUInt32LE(0));
    return block;
  };
  const result = await saveSessions(state, file(), 2000);
  saving = false;
  assert.deepEqual(result, { saved: 1_000_000 });
  const most = Math.max(...perTurn.values());
  assert.ok(most <= 16_384, `${most} rows gathered in one turn`);
  assert.ok(perTurn.size >= Math.ceil(1_000_000 / BLOCK_ROWS), `${perTurn.size} turns for 1M rows`);
});

test('a file written in 65,536-row blocks (before the blocks were cut to 16,384) still restores', async () => {
  const path = file();
  const before = filled(70_000, 1000);
  const table = before.sessions;
  const blocks = [table.exportRows(0, 65_536), table.exportRows(65_536, 65_536), Buffer.alloc(4)];
  const header = JSON.stringify({ format: 'launchday-sessions/2', savedAt: 2000, seed: table.seed }) + '\n';
  const trailer = JSON.stringify({ end: true, count: 70_000, labelSets: before.viewerLabels.tuples }) + '\n';
  writeFileSync(path, Buffer.concat([Buffer.from(header), ...blocks, Buffer.from(trailer)]));
  const after = newState(70_000);
  assert.deepEqual(await restoreSessions(after, path, 2000), { restored: 70_000, expired: 0, stale: 0 });
  assert.equal(viewers(after, 2000), 70_000);
});
