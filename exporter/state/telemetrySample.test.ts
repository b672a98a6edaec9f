import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAllowLists } from '../config/schema';
import { TelemetryState } from './telemetryState';
import { sampleTelemetry } from './telemetrySample';

test('the sample carries segment requests per title and CDN, guarded labels included', () => {
  const state = new TelemetryState({
    catalog: ['Luke Cage'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 100,
    seriesBudget: 50,
  });
  const segment = (title: string, cdn: string) => state.apply({ type: 'segment', title, cdn, status: 200 }, 0);
  for (let i = 0; i < 3; i++) segment('Luke Cage', 'akamai');
  segment('Luke Cage', 'fastly');
  segment('Unknown show', 'akamai');
  segment('Luke Cage', 'not-allowed-cdn');
  const sample = sampleTelemetry(state);
  assert.deepEqual(
    [...sample.segmentRequestsByTitleCdn].map(([title, byCdn]) => [title, Object.fromEntries(byCdn)]),
    [
      ['Luke Cage', { akamai: 3, fastly: 1, other: 1 }],
      ['other', { akamai: 1 }],
    ]
  );
  assert.equal(sample.segmentRequests, 6);
});

test('the sample counts the sessions admitted so far: new ones, not updates, ends or refusals', () => {
  const state = new TelemetryState({
    catalog: ['Luke Cage'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 2,
    seriesBudget: 50,
  });
  const hb = (sid: string, s: 'playing' | 'ended', ts: number) =>
    state.apply({ type: 'heartbeat', sid, title: 'Luke Cage', state: s, weight: 1, ts }, 10_000);
  hb('a', 'playing', 1_000);
  hb('a', 'playing', 2_000);
  hb('b', 'playing', 2_000);
  hb('c', 'playing', 2_000); // refused: the table is full
  hb('b', 'ended', 3_000);
  hb('b', 'playing', 2_500); // older than its end: stale
  assert.equal(sampleTelemetry(state).sessionStarts, 2);
  hb('b', 'playing', 4_000); // back after its end
  assert.equal(sampleTelemetry(state).sessionStarts, 3);
});
