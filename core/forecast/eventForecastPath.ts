import type { BandPoint, Point } from './types';

const MIN = 60_000;

/**
 * Steepest change a published quantile may make, in log(1 + v) per minute: doubling a minute. A model
 * that jumps (a template's corner, a residual bucket's edge) is ramped instead, so the path has no steps.
 */
export const MAX_LOG_RATE_PER_MIN = Math.LN2;
/** Steepest change of the band's width (log P90/P50, log P50/P10) per minute. */
export const MAX_WIDTH_RATE_PER_MIN = 0.05;

const lg = (v: number) => Math.log1p(Math.max(0, v));
const ex = (l: number) => Math.max(0, Math.expm1(l));
const finite = (v: number) => (Number.isFinite(v) ? Math.max(0, v) : NaN);

/** One instant of the published path, with its minute from T0 (the `minute` label). */
export type PathPoint = BandPoint & { minute: number };

/**
 * The model's points after `after`, finite and time-ordered, each kept p10 ≤ p50 ≤ p90. The model's
 * points are never changed (a caller may hand the same band again, e.g. the backtest's one band for
 * every capacity): a point already in order is reused, any other is a new one.
 */
export function orderedModelPoints(band: BandPoint[], after = -Infinity): BandPoint[] {
  const out: BandPoint[] = [];
  let sorted = true;
  for (const b of band) {
    if (!Number.isFinite(b.t) || !(b.t > after)) continue;
    // The finite values, sorted by hand (three at most).
    let lo = finite(b.p10);
    let mid = finite(b.p50);
    let hi = finite(b.p90);
    if (Number.isNaN(mid)) mid = Number.isNaN(lo) ? hi : Number.isNaN(hi) ? lo : (lo + hi) / 2;
    if (Number.isNaN(mid)) continue; // nothing finite at all
    if (Number.isNaN(lo)) lo = Number.isNaN(hi) ? mid : Math.min(mid, hi);
    if (Number.isNaN(hi)) hi = Math.max(mid, lo);
    if (lo > mid) [lo, mid] = [mid, lo];
    if (mid > hi) [mid, hi] = [hi, mid];
    if (lo > mid) [lo, mid] = [mid, lo];
    if (out.length && b.t < (out[out.length - 1] as BandPoint).t) sorted = false;
    out.push(lo === b.p10 && mid === b.p50 && hi === b.p90 ? b : { t: b.t, p10: lo, p50: mid, p90: hi });
  }
  return sorted ? out : out.sort((x, y) => x.t - y.t);
}

/**
 * The model band read at each grid instant (T0-aligned, `minute` from T0): linear between its points,
 * from the anchor (the last observation, no width) to the first, flat beyond the last.
 */
export function onGrid(
  points: readonly BandPoint[],
  times: readonly number[],
  t0: number,
  anchor?: Point
): PathPoint[] {
  const first = anchor ? { t: anchor.t, p10: anchor.v, p50: anchor.v, p90: anchor.v } : points[0];
  if (!first) return [];
  // Point j of the read band: the anchor first (when given), then the model's. Plain loop, no closure.
  const shift = anchor ? 1 : 0;
  const n = points.length + shift;
  const out: PathPoint[] = new Array(times.length);
  let j = 0;
  let a = first;
  for (let k = 0; k < times.length; k++) {
    const t = times[k] as number;
    while (j < n - 1 && (points[j + 1 - shift] as BandPoint).t <= t) a = points[++j - shift] as BandPoint;
    const b = j + 1 < n ? (points[j + 1 - shift] as BandPoint) : undefined;
    const minute = Math.round((t - t0) / MIN);
    if (t <= a.t || !b) {
      out[k] = { t, minute, p10: a.p10, p50: a.p50, p90: a.p90 };
      continue;
    }
    const f = (t - a.t) / (b.t - a.t);
    out[k] = {
      t,
      minute,
      p10: a.p10 + (b.p10 - a.p10) * f,
      p50: a.p50 + (b.p50 - a.p50) * f,
      p90: a.p90 + (b.p90 - a.p90) * f,
    };
  }
  return out;
}

const clampStep = (prev: number, next: number, limit: number) => Math.min(prev + limit, Math.max(prev - limit, next));

/** Widths (log space) this close are one flat run: log(1 + v) differs from log v by ~1/v as the median moves. */
const RUN_TOLERANCE = 1e-4;

/**
 * A staircase made a ramp: a model whose band width holds per horizon bucket (then jumps) is read
 * through the middle of each flat run, linearly between them, flat before the first and after the last.
 */
export function rampThroughRuns(times: readonly number[], values: readonly number[]): number[] {
  const out = Float64Array.from(values);
  rampInPlace(Float64Array.from(times), out, values.length);
  return Array.from(out);
}

/**
 * rampThroughRuns over the first n entries of typed arrays, written into `values`: each run's knot
 * (its middle instant and value) is found ahead of the points it shapes, so one pass suffices.
 */
function rampInPlace(times: Float64Array, values: Float64Array, n: number): void {
  if (n === 0) return;
  // Knot k is the middle of run k; points between knots k and k+1 are read between them. A run is
  // detected before any of its points is written (its middle lies past them), so reading in place is safe.
  const runEnd = runEnd0(values, 0, n);
  let aT = ((times[0] as number) + (times[runEnd] as number)) / 2;
  let aV = values[0] as number;
  let nextStart = runEnd + 1;
  let bT = NaN;
  let bV = NaN;
  if (nextStart < n) {
    const e = runEnd0(values, nextStart, n);
    bT = ((times[nextStart] as number) + (times[e] as number)) / 2;
    bV = values[nextStart] as number;
    nextStart = e + 1;
  }
  for (let i = 0; i < n; i++) {
    const t = times[i] as number;
    // Move on while the next knot is at or before t (its run is known before its points are written).
    while (!Number.isNaN(bT) && bT <= t) {
      aT = bT;
      aV = bV;
      if (nextStart < n) {
        const e = runEnd0(values, nextStart, n);
        bT = ((times[nextStart] as number) + (times[e] as number)) / 2;
        bV = values[nextStart] as number;
        nextStart = e + 1;
      } else bT = NaN;
    }
    values[i] = Number.isNaN(bT) || t <= aT ? aV : aV + ((bV - aV) * (t - aT)) / (bT - aT);
  }
}

/** Last index of the flat run starting at i (values within RUN_TOLERANCE of its first). */
function runEnd0(values: Float64Array, i: number, n: number): number {
  const v = values[i] as number;
  let j = i;
  while (j + 1 < n && Math.abs((values[j + 1] as number) - v) <= RUN_TOLERANCE) j++;
  return j;
}

/** Scratch for continuousPath, grown to the longest path seen (the refresh is synchronous). */
let scratch = { t: new Float64Array(0), m: new Float64Array(0), lo: new Float64Array(0), hi: new Float64Array(0) };
function scratchFor(n: number): typeof scratch {
  if (scratch.t.length < n) {
    const size = Math.max(n, 2 * scratch.t.length);
    scratch = {
      t: new Float64Array(size),
      m: new Float64Array(size),
      lo: new Float64Array(size),
      hi: new Float64Array(size),
    };
  }
  return scratch;
}

/**
 * The path made continuous, in place: the band's width (log P90/P50, log P50/P10) is read as a ramp
 * through the model's flat runs (rampThroughRuns), then the median changes at most MAX_LOG_RATE_PER_MIN
 * and each side of the band at most MAX_WIDTH_RATE_PER_MIN (in log space, per minute) from the point
 * before; the median starts from the anchor (the last observation), the width from the first point.
 * Order is kept: P10 ≤ P50 ≤ P90.
 */
export function continuousPath<P extends BandPoint>(points: P[], anchor?: Point): P[] {
  const n = points.length;
  const { t: times, m: medians, lo: los, hi: his } = scratchFor(n);
  for (let i = 0; i < n; i++) {
    const p = points[i] as P;
    const m = lg(p.p50);
    times[i] = p.t;
    medians[i] = m;
    los[i] = Math.max(0, m - lg(p.p10));
    his[i] = Math.max(0, lg(p.p90) - m);
  }
  rampInPlace(times, los, n);
  rampInPlace(times, his, n);
  // The first point keeps its width (calibrated at that horizon); only its median is anchored.
  let hasPrev = anchor !== undefined;
  let prevT = anchor ? anchor.t : 0;
  let prevM = anchor ? lg(anchor.v) : 0;
  let hasWidth = false;
  let prevLo = 0;
  let prevHi = 0;
  for (let i = 0; i < n; i++) {
    const p = points[i] as P;
    let m = medians[i] as number;
    let lo = los[i] as number;
    let hi = his[i] as number;
    if (hasPrev) {
      const minutes = Math.max(0, (p.t - prevT) / MIN);
      m = clampStep(prevM, m, MAX_LOG_RATE_PER_MIN * minutes);
      if (hasWidth) {
        lo = clampStep(prevLo, lo, MAX_WIDTH_RATE_PER_MIN * minutes);
        hi = clampStep(prevHi, hi, MAX_WIDTH_RATE_PER_MIN * minutes);
      }
    }
    hasPrev = true;
    hasWidth = true;
    prevT = p.t;
    prevM = m;
    prevLo = lo;
    prevHi = hi;
    p.p10 = ex(m - lo);
    p.p50 = ex(m);
    p.p90 = ex(m + hi);
  }
  return points;
}
