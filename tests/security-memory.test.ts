// Issue 14 point 2: maxSessions must be a memory bound. The old table kept every session id string in
// a Map, so 256-character ids cost ~600 B a session and 13.35M of them ran the heap out under the
// accepted cap of 50M. The table now keeps a 64-bit hash per session in typed arrays sized by the cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { defaultAllowLists } from '../exporter/config/schema';
import { TelemetryState } from '../exporter/state/telemetryState';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SESSIONS = 200_000;
/** JS heap plus typed-array memory: where either table keeps its sessions. */
const used = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

test('sessions with 256-character ids cost the memory of a hash each, not of their ids', (t) => {
  const before = used();
  const state = new TelemetryState({
    catalog: ['Luke Cage'],
    allow: defaultAllowLists,
    sessionTtlMs: 600_000,
    maxSessions: SESSIONS,
    seriesBudget: 50,
  });
  const pad = 'x'.repeat(240);
  const now = Date.now();
  for (let i = 0; i < SESSIONS; i++) {
    const sid = `${pad}${String(i).padStart(16, '0')}`; // 256 characters, each session its own
    const refused = state.apply({ type: 'heartbeat', sid, title: 'Luke Cage', state: 'playing', weight: 1 }, now);
    assert.equal(refused, null);
  }
  const perSession = (used() - before) / SESSIONS;
  t.diagnostic(`${perSession.toFixed(1)} B a session (heap and typed arrays, after GC)`);
  assert.equal(state.viewerCounts(now)[0]?.viewers, SESSIONS, 'every session counted');
  // ~37 B a session for the table at its cap; the ids' 256 characters would be 256 B on their own.
  assert.ok(perSession < 100, `${perSession.toFixed(0)} B a session`);
});
