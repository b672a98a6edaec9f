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
  // Six plans of the kind weigh 6 / (6 + 5) of their median log miss: towards 2000, not all the way.
  assert.ok(Math.abs(band.p50 - 4000 * Math.pow(0.5, 6 / 11)) < 1e-6);
  assert.ok(band.p50 < 4000 && band.p50 > 2000);
});

test("one badly planned event of another kind barely moves a plan, and a same-kind plan's miss speaks first", () => {
  const rebroadcast: PastEvent = { kind: 'rebroadcast', baseline: 10, observedPeak: 20_000, expectedPeak: 300_000 };
  const alone = forecastPeak({ kind: 'premiere', baseline: 10, expectedPeak: 300_000, history: [rebroadcast] });
  assert.ok(alone.p50 > 0.6 * 300_000, `p50 ${alone.p50}`);
  const premiere: PastEvent = { kind: 'premiere', baseline: 10, observedPeak: 600_000, expectedPeak: 300_000 };
  const both = forecastPeak({
    kind: 'premiere',
    baseline: 10,
    expectedPeak: 300_000,
    history: [rebroadcast, premiere],
  });
  assert.ok(both.p50 > 300_000, 'the premiere under-planned: this plan is raised, not cut by the rebroadcast');
});

test('with no history the planner figure is the median', () => {
  const band = forecastPeak({ kind: 'live', baseline: 0, expectedPeak: 5000, history: [] });
  assert.equal(band.p50, 5000);
  assert.ok(band.p10 < 5000 && band.p90 > 5000);
});
