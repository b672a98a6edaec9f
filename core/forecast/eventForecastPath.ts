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
 * own array is reused (its points are rewritten in place): a refresh does this for hundreds of events.
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
    b.p10 = lo;
    b.p50 = mid;
    b.p90 = hi;
    out.push(b);
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
  const at = (j: number) => (anchor ? (j === 0 ? first : points[j - 1]) : points[j]) as BandPoint;
  const n = points.length + (anchor ? 1 : 0);
  const out: PathPoint[] = new Array(times.length);
  let j = 0;
  times.forEach((t, k) => {
    while (j < n - 1 && at(j + 1).t <= t) j++;
    const a = at(j);
    const b = j + 1 < n ? at(j + 1) : undefined;
    const minute = Math.round((t - t0) / MIN);
    if (t <= a.t || !b) {
      out[k] = { t, minute, p10: a.p10, p50: a.p50, p90: a.p90 };
      return;
    }
    const f = (t - a.t) / (b.t - a.t);
    out[k] = {
      t,
      minute,
      p10: a.p10 + (b.p10 - a.p10) * f,
      p50: a.p50 + (b.p50 - a.p50) * f,
      p90: a.p90 + (b.p90 - a.p90) * f,
    };
  });
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
  const knots: { t: number; v: number }[] = [];
  for (let i = 0; i < values.length;) {
    let j = i;
    const v = values[i] as number;
    while (j + 1 < values.length && Math.abs((values[j + 1] as number) - v) <= RUN_TOLERANCE) j++;
    knots.push({ t: ((times[i] as number) + (times[j] as number)) / 2, v });
    i = j + 1;
  }
  let k = 0;
  return times.map((t) => {
    while (k + 1 < knots.length && (knots[k + 1] as { t: number }).t <= t) k++;
    const a = knots[k] as { t: number; v: number };
    const b = knots[k + 1];
    if (!b || t <= a.t) return a.v;
    return a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
  });
}

/**
 * The path made continuous, in place: the band's width (log P90/P50, log P50/P10) is read as a ramp
 * through the model's flat runs (rampThroughRuns), then the median changes at most MAX_LOG_RATE_PER_MIN
 * and each side of the band at most MAX_WIDTH_RATE_PER_MIN (in log space, per minute) from the point
 * before; the median starts from the anchor (the last observation), the width from the first point.
 * Order is kept: P10 ≤ P50 ≤ P90.
 */
export function continuousPath<P extends BandPoint>(points: P[], anchor?: Point): P[] {
  const times = points.map((p) => p.t);
  const medians = points.map((p) => lg(p.p50));
  const los = rampThroughRuns(
    times,
    points.map((p, i) => Math.max(0, (medians[i] as number) - lg(p.p10)))
  );
  const his = rampThroughRuns(
    times,
    points.map((p, i) => Math.max(0, lg(p.p90) - (medians[i] as number)))
  );
  // The first point keeps its width (calibrated at that horizon); only its median is anchored.
  let prev: { t: number; m: number; lo?: number; hi?: number } | undefined = anchor
    ? { t: anchor.t, m: lg(anchor.v) }
    : undefined;
  points.forEach((p, i) => {
    let m = medians[i] as number;
    let lo = los[i] as number;
    let hi = his[i] as number;
    if (prev) {
      const minutes = Math.max(0, (p.t - prev.t) / MIN);
      m = clampStep(prev.m, m, MAX_LOG_RATE_PER_MIN * minutes);
      if (prev.lo !== undefined) lo = clampStep(prev.lo, lo, MAX_WIDTH_RATE_PER_MIN * minutes);
      if (prev.hi !== undefined) hi = clampStep(prev.hi, hi, MAX_WIDTH_RATE_PER_MIN * minutes);
    }
    prev = { t: p.t, m, lo, hi };
    p.p10 = ex(m - lo);
    p.p50 = ex(m);
    p.p90 = ex(m + hi);
  });
  return points;
}
