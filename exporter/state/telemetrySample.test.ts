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
