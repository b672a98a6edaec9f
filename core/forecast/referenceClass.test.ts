import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastPeak, MIN_PLANS, planCorrection } from './referenceClass';
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

const plans = (kind: PastEvent['kind'], ratios: number[]): PastEvent[] =>
  ratios.map((r) => ({ kind, baseline: 100, observedPeak: 1000 * r, expectedPeak: 1000 }));

test('many consistent same-kind plans correct the plan nearly all the way', () => {
  // Past episode planners over-estimated by 2x, twelve times in a row.
  const band = forecastPeak({
    kind: 'episode',
    baseline: 100,
    expectedPeak: 4000,
    history: plans('episode', Array(12).fill(0.5)),
  });
  // Shrinkage weight n / (n + 1) at the floor spread: 2000 · 2^(1/13).
  assert.ok(Math.abs(band.p50 - 4000 * 0.5 ** (12 / 13)) < 1e-6, `p50 ${band.p50}`);
  assert.ok(band.p10 < band.p50 && band.p50 < band.p90);
});

test('one or two past plans, or plans of another kind, leave the plan as given', () => {
  // The demo's failure: one premiere observed at 7% of its plan shrank a rebroadcast's 300k plan to ~20k.
  const oneOther = plans('premiere', [0.066]);
  const twoSame = plans('rebroadcast', [0.066, 0.07]);
  const manyOther = plans('premiere', Array(20).fill(0.066));
  for (const history of [oneOther, twoSame, manyOther]) {
    const band = forecastPeak({ kind: 'rebroadcast', baseline: 20_000, expectedPeak: 300_000, history });
    assert.equal(band.p50, 300_000);
    assert.ok(band.p10 < 300_000 && band.p90 > 300_000);
  }
});

test('scattered past plans move the plan less, and widen the band, than consistent ones', () => {
  const consistent = forecastPeak({
    kind: 'live',
    baseline: 0,
    expectedPeak: 1000,
    history: plans('live', [0.5, 0.5, 0.5, 0.5, 0.5]),
  });
  const scattered = forecastPeak({
    kind: 'live',
    baseline: 0,
    expectedPeak: 1000,
    history: plans('live', [0.1, 0.5, 2.5, 0.5, 0.5]),
  });
  assert.ok(consistent.p50 < scattered.p50 && scattered.p50 < 1000, `${consistent.p50} ${scattered.p50}`);
  assert.ok(scattered.p90 / scattered.p10 > consistent.p90 / consistent.p10);
});

test('planCorrection: none below MIN_PLANS, shrunk towards 0 above, more so with fewer plans', () => {
  assert.equal(planCorrection('episode', plans('episode', Array(MIN_PLANS - 1).fill(0.2))).correction, 0);
  const few = planCorrection('episode', plans('episode', Array(MIN_PLANS).fill(0.2)));
  const many = planCorrection('episode', plans('episode', Array(40).fill(0.2)));
  assert.ok(Math.log(0.2) < many.correction && many.correction < few.correction && few.correction < 0);
  assert.ok(many.halfWidth < few.halfWidth);
});

test('with no history the planner figure is the median', () => {
  const band = forecastPeak({ kind: 'live', baseline: 0, expectedPeak: 5000, history: [] });
  assert.equal(band.p50, 5000);
  assert.ok(band.p10 < 5000 && band.p90 > 5000);
});
