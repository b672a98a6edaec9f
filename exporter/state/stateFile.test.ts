import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAllowLists } from '../config/schema';
import { restoreSessions, saveSessions } from './stateFile';
import { TelemetryState } from './telemetryState';

const newState = () =>
  new TelemetryState({
    catalog: ['T'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 100,
    seriesBudget: 100,
  });
const file = () => join(mkdtempSync(join(tmpdir(), 'launchday-state-')), 'sessions.ndjson');
const viewers = (s: TelemetryState) => s.sessions.viewers.reduce((a, v) => a + (v ?? 0), 0);

test('saved sessions come back with their labels, weights and expiry', async () => {
  const path = file();
  const before = newState();
  before.apply({ type: 'heartbeat', sid: 'a', title: 'T', state: 'playing', cdn: 'akamai', weight: 3 }, 1000);
  before.apply({ type: 'heartbeat', sid: 'b', title: 'T', state: 'paused', weight: 1 }, 1000);
  assert.equal(await saveSessions(before, path, 2000), 2);
  const after = newState();
  assert.deepEqual(await restoreSessions(after, path, 2000), { restored: 2, expired: 0 });
  assert.equal(viewers(after), 3);
  assert.equal(after.sessions.size, 2);
});

test('sessions past their TTL at restore time are left out', async () => {
  const path = file();
  const before = newState();
  before.apply({ type: 'heartbeat', sid: 'a', title: 'T', state: 'playing', weight: 1 }, 0);
  await saveSessions(before, path, 1000);
  assert.deepEqual(await restoreSessions(newState(), path, 60_000), { restored: 0, expired: 1 });
});

test('a file whose trailer disagrees with its content is reported as torn', async () => {
  const path = file();
  const before = newState();
  before.apply({ type: 'heartbeat', sid: 'a', title: 'T', state: 'playing', weight: 1 }, 0);
  await saveSessions(before, path, 0);
  const lines = readFileSync(path, 'utf8').split('\n');
  writeFileSync(path, [lines[0], lines[2]].join('\n'));
  const result = await restoreSessions(newState(), path, 0);
  assert.ok('error' in result && /torn or corrupt/.test(result.error));
});

test('a missing state file is a clean first start', async () => {
  assert.deepEqual(await restoreSessions(newState(), join(tmpdir(), 'launchday-does-not-exist.ndjson')), {
    restored: 0,
    expired: 0,
  });
});

test('a saved expiry far in the future is cut to one TTL from the restore', async () => {
  const path = file();
  const before = newState();
  before.apply({ type: 'heartbeat', sid: 'a', title: 'T', state: 'playing', weight: 1 }, 10 ** 12); // a clock jump
  await saveSessions(before, path, 0);
  const after = newState();
  await restoreSessions(after, path, 1000);
  after.sessions.sweep(1000 + 30_001, 10);
  assert.equal(after.sessions.size, 0);
});
