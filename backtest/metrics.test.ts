import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, firstCrossing, p50CrossingAt, scoreCase } from './metrics';

const MIN = 60_000;
const points = Array.from({ length: 25 }, (_, i) => ({ t: i * 5 * MIN, v: 100 + 10 * i })); // 100 .. 340 over 2 h
const perfect = points.map((p) => ({ t: p.t, p10: p.v * 0.9, p50: p.v, p90: p.v * 1.1 }));

/** The 2 h window scored from `origin`, with the band's points after it. */
const scoreFrom = (
  origin: number,
  capacities: number[] = [],
  band = perfect,
  claim: Pick<Parameters<typeof scoreCase>[0], 'p50At' | 'red'> = {}
) =>
  scoreCase({
    points,
    t0: 0,
    windowEnd: 120 * MIN,
    origin,
    band: band.filter((b) => b.t > origin),
    capacities,
    ...claim,
  });

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

test('"saturates within 30 min" is the status rule\'s claim: the P50 crosses within 30 min, right when the series does', () => {
  // Capacity 200 is reached at 50 min. From origin 35 min the P50 says +15: right, lead 15.
  assert.deepEqual(scoreFrom(35 * MIN, [200])?.saturation, { tp: 1, fp: 0, fn: 0, leadsMin: [15] });
  // From origin 25 min it says +25: within 30, and it comes at +25.
  assert.deepEqual(scoreFrom(25 * MIN, [200])?.saturation, { tp: 1, fp: 0, fn: 0, leadsMin: [25] });
  // From origin 15 min the series crosses at +35: no claim, no case (neither within 30).
  assert.deepEqual(scoreFrom(15 * MIN, [200])?.saturation, { tp: 0, fp: 0, fn: 0, leadsMin: [] });
  // A forecast right about the level but 15 min early (it says +20, the series comes at +35): a false alarm.
  const early = points.map((p) => ({ t: p.t - 15 * MIN, p10: p.v * 0.9, p50: p.v, p90: p.v * 1.1 }));
  const earlyScore = scoreFrom(15 * MIN, [200], early);
  assert.deepEqual(earlyScore?.saturation, { tp: 0, fp: 1, fn: 0, leadsMin: [] });
  assert.deepEqual(earlyScore?.saturationCases, [{ capacity: 200, outcome: 'fp', claimedMin: 20, actualMin: 35 }]);
  // Samples at 0 (the T0 reading), 5, 10, 15 min: three after it.
  assert.equal(earlyScore?.seenAfterT0, 3);
  // A band that says "now" from origin 0 is a false alarm.
  const now = perfect.map((b) => ({ ...b, p50: 1000 }));
  assert.deepEqual(scoreFrom(0, [200], now)?.saturation, { tp: 0, fp: 1, fn: 0, leadsMin: [] });
});

test('the claim is read off the band linearly between its points, or taken as given (the published status)', () => {
  const band = [
    { t: 10 * MIN, p10: 90, p50: 100, p90: 110 },
    { t: 50 * MIN, p10: 270, p50: 300, p90: 330 },
  ];
  // 100 -> 300 over 40 min: 200 is reached at 30 min, 250 at 40 min.
  assert.equal(p50CrossingAt(band, 0, 200), 30 * MIN);
  assert.equal(p50CrossingAt(band, 0, 250), 40 * MIN);
  assert.equal(p50CrossingAt(band, 0, 400), undefined);
  // A given claim wins over the band: the published one is scored, not a second reading of the path.
  const given = scoreFrom(35 * MIN, [200], perfect, { p50At: [undefined] });
  assert.deepEqual(given?.saturation, { tp: 0, fp: 0, fn: 1, leadsMin: [] });
  assert.deepEqual(given?.saturationCases, [{ capacity: 200, outcome: 'fn', actualMin: 15 }]);
});

test('the peak band covers the actual peak when it lies between its P10 and P90 peaks', () => {
  const right = scoreFrom(15 * MIN);
  const low = scoreFrom(
    15 * MIN,
    [],
    perfect.map((b) => ({ ...b, p10: b.p50 * 0.5, p50: b.p50 * 0.6, p90: b.p50 * 0.7 }))
  );
  assert.ok(right && low);
  assert.equal(right.peakCovered, 1);
  assert.equal(low.peakCovered, 0);
  assert.equal(aggregate([right, low]).peak_coverage80, 0.5);
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

test('the published red, when given, is the claim; a case is already saturated by the last sample seen, not the next', () => {
  // From origin 35 min the P50 crosses 200 at +15 (a claim by the band), but the published status says not red.
  const notRed = scoreFrom(35 * MIN, [200], perfect, { red: [false] });
  assert.deepEqual(notRed?.saturation, { tp: 0, fp: 0, fn: 1, leadsMin: [] });
  // Origin 47 min, capacity 193: the last sample seen (45 min, 190) is under it, so the case is scored;
  // interpolated at 47 min (194) the series would lean on the 50-min sample, one not seen yet.
  const s = scoreFrom(47 * MIN, [193]);
  assert.equal(s?.saturationCases.length, 1);
  // At 50 min the sample itself is 200: at or over the limit, nothing to forecast.
  assert.equal(scoreFrom(50 * MIN, [193])?.saturationCases.length, 0);
});
