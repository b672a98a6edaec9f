import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, firstCrossing, scoreCase } from './metrics';

const MIN = 60_000;
const points = Array.from({ length: 25 }, (_, i) => ({ t: i * 5 * MIN, v: 100 + 10 * i })); // 100 .. 340 over 2 h
const perfect = points.map((p) => ({ t: p.t, p10: p.v * 0.9, p50: p.v, p90: p.v * 1.1 }));

/** The 2 h window scored from `origin`, with the band's points after it. */
const scoreFrom = (origin: number, capacities: number[] = [], band = perfect) =>
  scoreCase({ points, t0: 0, windowEnd: 120 * MIN, origin, band: band.filter((b) => b.t > origin), capacities });

test('a perfect forecast scores zero error and full coverage', () => {
  const s = scoreFrom(15 * MIN);
  assert.ok(s);
  assert.equal(s.peakErrPct, 0);
  assert.equal(s.peakTimeErrMin, 0);
  assert.equal(s.wape, 0);
  assert.equal(s.covered, s.scored);
});

test('the actual crossing is interpolated between samples', () => {
  assert.equal(firstCrossing(points, 0, 105), 2.5 * MIN);
  assert.equal(firstCrossing(points, 0, 10_000), undefined);
});

test('an alert counts right only when capacity is reached within 30 minutes', () => {
  // Capacity 200 is reached at 50 min. From origin 35 min the P50 says +15 (the alert fires at <= 20).
  const hit = scoreFrom(35 * MIN, [200]);
  assert.deepEqual(hit?.saturation, { tp: 1, fp: 0, fn: 0, leadsMin: [15] });
  // From origin 25 min it comes at +25: within 30, but the alert (P50 within 20) stays quiet: a miss.
  const late = scoreFrom(25 * MIN, [200]);
  assert.deepEqual(late?.saturation, { tp: 0, fp: 0, fn: 1, leadsMin: [] });
  // A band that says "now" from origin 0 is a false alarm.
  const early = perfect.map((b) => ({ ...b, p50: 1000 }));
  const miss = scoreFrom(0, [200], early);
  assert.deepEqual(miss?.saturation, { tp: 0, fp: 1, fn: 0, leadsMin: [] });
});

test('nothing to score after the window gives no score', () => {
  assert.equal(
    scoreCase({ points, t0: 0, windowEnd: 120 * MIN, origin: 130 * MIN, band: perfect, capacities: [] }),
    undefined
  );
});

test('aggregates: medians, pooled coverage, null when nothing was scored', () => {
  const s = scoreFrom(15 * MIN);
  assert.ok(s);
  const agg = aggregate([s, { ...s, peakErrPct: 10 }, { ...s, peakErrPct: 20 }]);
  assert.equal(agg.peak_abs_error_pct, 10);
  assert.equal(agg.coverage80, 1);
  assert.equal(aggregate([]).peak_abs_error_pct, null);
  assert.equal(agg.saturation_precision, null);
});

test('a series that ends before the 30 minutes are out settles no "not reached" case', () => {
  // The series stops at 120 min; from origin 100 min capacity 1000 is never reached in what is known.
  const quiet = perfect.map((b) => ({ ...b, p50: 2000 }));
  const s = scoreCase({ points, t0: 0, windowEnd: 200 * MIN, origin: 100 * MIN, band: quiet, capacities: [1000] });
  assert.deepEqual(s?.saturation, { tp: 0, fp: 0, fn: 0, leadsMin: [] });
  // From 80 min the 30 minutes are known (to 110): the same alarm is a false one.
  const known = scoreCase({ points, t0: 0, windowEnd: 200 * MIN, origin: 80 * MIN, band: quiet, capacities: [1000] });
  assert.deepEqual(known?.saturation, { tp: 0, fp: 1, fn: 0, leadsMin: [] });
});
