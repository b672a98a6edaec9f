import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultAllowLists } from '../config/schema';
import { parseBatch } from '../ingest/parseBatch';
import { TelemetryState } from './telemetryState';

const BUDGET = 50;
const newState = (maxSessions = 1000) =>
  new TelemetryState({
    catalog: ['Luke Cage'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions,
    seriesBudget: BUDGET,
  });

function seriesCounts(state: TelemetryState): number[] {
  return [
    state.viewerLabels,
    state.loginAttempts.sets,
    state.loginFailures.sets,
    state.segmentRequests.sets,
    state.segmentFailures.sets,
  ].map((sets) => sets.size);
}

test('an attack of unique titles, CDNs and reasons folds into other and never grows the series', () => {
  const state = newState(100_000);
  for (let i = 0; i < 20_000; i++) {
    state.apply(
      { type: 'heartbeat', sid: `s${i}`, title: `title-${i}`, cdn: `cdn-${i}`, state: 'playing', weight: 1 },
      0
    );
    state.apply({ type: 'segment', title: `title-${i}`, cdn: `cdn-${i}`, status: 504 }, 0);
    state.apply({ type: 'login', outcome: 'failure', reason: `r${i}`, method: `m${i}` }, 0);
  }
  assert.deepEqual(seriesCounts(state), [1, 1, 1, 1, 1]); // everything is "other"
  assert.equal(state.sessions.viewers[0], 20_000, 'nothing is lost: the viewers are counted under other');
});

test('property: whatever arrives, every metric family stays within its series budget and the session cap', () => {
  const label = fc.oneof(
    fc.constantFrom(...defaultAllowLists.cdn, ...defaultAllowLists.region, 'Luke Cage'),
    fc.string({ maxLength: 8 })
  );
  const event = fc.oneof(
    fc.record({
      type: fc.constant('heartbeat'),
      sid: fc.string({ minLength: 1, maxLength: 6 }),
      title: label,
      state: fc.constantFrom('playing', 'buffering', 'paused', 'ended'),
      cdn: label,
      region: label,
      device: label,
    }),
    fc.record({
      type: fc.constant('login'),
      outcome: fc.constantFrom('success', 'failure'),
      reason: label,
      method: label,
      region: label,
    }),
    fc.record({
      type: fc.constant('segment'),
      title: label,
      cdn: label,
      status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constantFrom('timeout', 'aborted')),
    })
  );
  fc.assert(
    fc.property(fc.array(event, { maxLength: 300 }), (events) => {
      const state = newState(64);
      const batch = parseBatch(events.map((e) => JSON.stringify(e)).join('\n'), 'ndjson');
      for (const e of batch.events) state.apply(e, 0);
      for (const count of seriesCounts(state)) assert.ok(count <= BUDGET + 1, `${count} series`);
      assert.ok(state.sessions.size <= 64);
      for (const v of state.sessions.viewers) assert.ok((v ?? 0) > -1e-6, 'viewers never go negative');
    }),
    { numRuns: 200 }
  );
});
