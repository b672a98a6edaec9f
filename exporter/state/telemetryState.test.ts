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
  assert.equal(state.viewerCounts(0)[0]!.viewers, 20_000, 'nothing is lost: the viewers are counted under other');
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
      const [viewers, attempts, loginFailures, requests, segmentFailures] = seriesCounts(state);
      for (const count of [viewers!, attempts!, requests!]) assert.ok(count <= BUDGET + 1, `${count} series`);
      // Failures live under their attempt's labels: at most one series per attempt series and extra value.
      assert.ok(loginFailures! <= attempts! * (defaultAllowLists.reason.length + 2));
      assert.ok(segmentFailures! <= requests! * 5);
      assert.ok(state.sessions.size <= 64);
      for (const c of state.viewerCounts(0)) assert.ok(c.viewers >= 0, 'viewers never go negative');
    }),
    { numRuns: 200 }
  );
});

test('when requests fold into other, their failures fold with them, so ratios stay right', () => {
  const state = new TelemetryState({
    catalog: ['A', 'B', 'C'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 10,
    seriesBudget: 1,
  });
  for (const title of ['A', 'B', 'C']) {
    for (let i = 0; i < 10; i++) state.apply({ type: 'segment', title, cdn: 'akamai', status: i < 2 ? 504 : 200 }, 0);
  }
  const byTuple = (family: TelemetryState['segmentRequests']) =>
    new Map(family.values.map((v, id) => [family.sets.tuples[id]!.join('/'), v]));
  const requests = byTuple(state.segmentRequests);
  const failures = byTuple(state.segmentFailures);
  assert.equal(requests.get('A/akamai'), 10);
  assert.equal(failures.get('A/akamai/504'), 2);
  assert.equal(requests.get('other/other'), 20, 'B and C folded');
  assert.equal(failures.get('other/other/504'), 4, 'their 504s folded with them, still 504');
});

test('a long session id is one session, and ended finds it', () => {
  const state = newState();
  const long = 'x'.repeat(200);
  state.apply({ type: 'heartbeat', sid: `${long}-1`, title: 'Luke Cage', state: 'playing', weight: 1 }, 0);
  state.apply({ type: 'heartbeat', sid: `${long}-2`, title: 'Luke Cage', state: 'playing', weight: 1 }, 0);
  assert.equal(state.sessions.size, 2);
  state.apply({ type: 'heartbeat', sid: `${long}-1`, title: 'Luke Cage', state: 'ended', weight: 1 }, 0);
  assert.equal(state.sessions.size, 1);
});

test('event times order the updates of a session: an older one is refused as stale', () => {
  const state = newState();
  const hb = { type: 'heartbeat', sid: 's', title: 'Luke Cage', weight: 1 } as const;
  assert.equal(state.apply({ ...hb, state: 'buffering', ts: 5_000 }, 6_000), null);
  assert.equal(state.apply({ ...hb, state: 'playing', ts: 4_000 }, 6_000), 'stale');
  assert.equal(state.apply({ ...hb, state: 'ended', ts: 4_500 }, 6_000), 'stale');
  assert.equal(state.sessions.size, 1);
  assert.equal(state.viewerCounts(6_000)[0]!.rebuffering, 1, 'the newer buffering report stands');
  assert.equal(state.apply({ ...hb, state: 'ended', ts: 5_500 }, 6_000), null);
  assert.equal(state.sessions.size, 0);
});

test('a client clock ahead of the exporter counts as now, so it cannot shut out later updates', () => {
  const state = newState();
  const hb = { type: 'heartbeat', sid: 's', title: 'Luke Cage', weight: 1 } as const;
  state.apply({ ...hb, state: 'playing', ts: 60_000 }, 1_000);
  assert.equal(state.apply({ ...hb, state: 'paused' }, 2_000), null);
});

test('a heartbeat without cdn, region or device keeps the values the session already has', () => {
  const state = new TelemetryState({
    catalog: ['Luke Cage'],
    allow: { ...defaultAllowLists, cdn: ['akamai'], region: ['eu'], device: ['tv'] },
    sessionTtlMs: 30_000,
    maxSessions: 10,
    seriesBudget: BUDGET,
  });
  const hb = { type: 'heartbeat', sid: 's', title: 'Luke Cage', state: 'playing', weight: 1 } as const;
  state.apply({ ...hb, cdn: 'akamai' }, 0); // a CDN log line
  state.apply({ ...hb, device: 'tv', region: 'eu' }, 1); // the player
  state.apply({ ...hb }, 2); // a report that knows neither
  const live = state.viewerCounts(2).filter((c) => c.viewers > 0);
  assert.deepEqual(
    live.map((c) => c.labels),
    [{ title: 'Luke Cage', cdn: 'akamai', region: 'eu', device: 'tv' }]
  );
  state.apply({ ...hb, sid: 'new' }, 3);
  assert.ok(state.viewerLabels.tuples.some((t) => t.join() === 'Luke Cage,unknown,unknown,unknown'));
});

test('a title that joins the calendar gets its own series at once, though earlier events were cached', () => {
  const state = newState();
  const hb = {
    type: 'heartbeat',
    title: 'WWE Raw',
    state: 'playing',
    cdn: 'akamai',
    region: 'eu',
    device: 'tv',
    weight: 1,
  } as const;
  state.apply({ ...hb, sid: 'a' }, 0);
  state.apply({ type: 'segment', title: 'WWE Raw', cdn: 'akamai', status: 200 }, 0);
  state.guard.setCalendarTitles(['WWE Raw']);
  state.apply({ ...hb, sid: 'b' }, 0);
  state.apply({ type: 'segment', title: 'WWE Raw', cdn: 'akamai', status: 200 }, 0);
  assert.deepEqual(
    state.viewerCounts(0).map((c) => [c.labels.title, c.viewers]),
    [
      ['other', 1],
      ['WWE Raw', 1],
    ]
  );
  assert.deepEqual(
    state.segmentRequests.sets.tuples.map((t) => t[0]),
    ['other', 'WWE Raw']
  );
});

test('events folded past the series budget are each counted as folded, cache or not', () => {
  const state = new TelemetryState({
    catalog: ['A', 'B', 'C'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 10,
    seriesBudget: 1,
  });
  for (let i = 0; i < 5; i++) state.apply({ type: 'segment', title: i ? 'B' : 'A', cdn: 'akamai', status: 200 }, 0);
  assert.equal(state.segmentRequests.sets.folded, 4);
});
