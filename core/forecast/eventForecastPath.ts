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

/**
 * The path made continuous, in place: the median changes at most MAX_LOG_RATE_PER_MIN and each side of
 * the band at most MAX_WIDTH_RATE_PER_MIN (in log space, per minute) from the point before; the median
 * starts from the anchor (the last observation), the width from the model's first point. Order is kept.
 */
export function continuousPath<P extends BandPoint>(points: P[], anchor?: Point): P[] {
  // The first point keeps the model's width (calibrated at that horizon); only its median is anchored.
  let prev: { t: number; m: number; lo?: number; hi?: number } | undefined = anchor
    ? { t: anchor.t, m: lg(anchor.v) }
    : undefined;
  for (const p of points) {
    let m = lg(p.p50);
    let lo = Math.max(0, m - lg(p.p10));
    let hi = Math.max(0, lg(p.p90) - m);
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
  }
  return points;
}
