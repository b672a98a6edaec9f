import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastPeak } from './referenceClass';
import type { PastEvent } from './types';

const premieres = (ratios: number[]): PastEvent[] =>
  ratios.map((r) => ({ kind: 'premiere', baseline: 1000, observedPeak: 1000 * r }));

test('a large class sets the median ratio; a small one is pulled towards the default ratio', () => {
  const large = forecastPeak({
    kind: 'premiere',
    baseline: 2000,
    history: premieres(Array(200).fill(3)),
    defaultRatio: 1.5,
  });
  const small = forecastPeak({
    kind: 'premiere',
    baseline: 2000,
    history: premieres(Array(2).fill(3)),
    defaultRatio: 1.5,
  });
  assert.ok(Math.abs(large.p50 / 2000 - 3) < 0.1, `large class ratio ${large.p50 / 2000}`);
  assert.ok(small.p50 / 2000 > 1.5 && small.p50 / 2000 < 2.2, `small class ratio ${small.p50 / 2000}`);
  assert.ok(large.p10 <= large.p50 && large.p50 <= large.p90);
  assert.ok(small.p90 / small.p10 > large.p90 / large.p10, 'a small class is less sure');
});

test('a spread class gives a wide band in log space', () => {
  const band = forecastPeak({
    kind: 'premiere',
    baseline: 1000,
    history: premieres([1.5, 2, 3, 4, 6, 8, 1.2, 2.5, 5, 3.5]),
  });
  assert.ok(band.p90 / band.p10 > 2.5);
});

test('events of other kinds do not count', () => {
  const others: PastEvent[] = Array(20).fill({ kind: 'live', baseline: 10, observedPeak: 1000 });
  const band = forecastPeak({ kind: 'episode', baseline: 100, history: others, defaultRatio: 1.4 });
  assert.ok(Math.abs(band.p50 - 140) < 1e-6);
});

test('a planner estimate is corrected by how past plans compared with actuals', () => {
  // Past planners over-estimated by 2x.
  const history: PastEvent[] = Array.from({ length: 6 }, () => ({
    kind: 'episode',
    baseline: 100,
    observedPeak: 500,
    expectedPeak: 1000,
  }));
  const band = forecastPeak({ kind: 'episode', baseline: 100, expectedPeak: 4000, history });
  assert.ok(Math.abs(band.p50 - 2000) < 1e-6);
});

test('with no history the planner figure is the median', () => {
  const band = forecastPeak({ kind: 'live', baseline: 0, expectedPeak: 5000, history: [] });
  assert.equal(band.p50, 5000);
  assert.ok(band.p10 < 5000 && band.p90 > 5000);
});
