import type { Point } from './types';
import { insertSorted, sortedQuantile } from './quantile';

/** Index of the first point with t >= at among points[0..end) (sorted by t); end when none. */
export function lowerBound(points: readonly Point[], at: number, end = points.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as Point).t < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first point with t > at among points[0..end) (sorted by t); end when none. */
export function upperBound(points: readonly Point[], at: number, end = points.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as Point).t <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Points with from <= t <= to (among the first `end`). */
export function pointsBetween(points: readonly Point[], from: number, to: number, end = points.length): Point[] {
  const out: Point[] = [];
  for (let i = lowerBound(points, from, end); i < end && (points[i] as Point).t <= to; i++)
    out.push(points[i] as Point);
  return out;
}

/** Linear interpolation inside the series (its first `end` points); undefined outside it. */
export function valueAt(points: readonly Point[], t: number, end = points.length): number | undefined {
  const i = lowerBound(points, t, end);
  const right = i < end ? points[i] : undefined;
  if (!right) return undefined;
  if (right.t === t) return right.v;
  const left = points[i - 1];
  if (!left) return undefined;
  return left.v + ((right.v - left.v) * (t - left.t)) / (right.t - left.t);
}

const gaps = new Float64Array(9);

/** Median spacing of the last few samples (of the first `end`): the series' own step. */
export function typicalStep(points: readonly Point[], end = points.length): number {
  // At most nine gaps, kept sorted by insertion in a reused array (this runs at every refit).
  let n = 0;
  for (let i = Math.max(1, end - 9); i < end; i++) {
    const gap = (points[i] as Point).t - (points[i - 1] as Point).t;
    if (gap > 0) n = insertSorted(gaps, n, gap); // duplicate instants say nothing about the step
  }
  return n === 0 ? 60_000 : sortedQuantile(gaps, n, 0.5);
}

/** The forecast instants: now+step, now+2·step, … up to now+horizon; those before `from` left out. */
export function futureTimes(now: number, horizonMs: number, stepMs: number, from = -Infinity): number[] {
  const times: number[] = [];
  const step = Math.max(1, stepMs);
  // The first k with now + k·step >= from, computed rather than stepped to (an event a day away).
  const k0 = from > now + step ? Math.ceil((from - now) / step) : 1;
  for (let t = now + k0 * step; t <= now + horizonMs; t += step) if (t >= from) times.push(t);
  return times;
}

/** Sorted by time, finite values only: the engine's one promise about its input (no copy when already so). */
export function cleanHistory(history: readonly Point[], knownClean = 0): readonly Point[] {
  let clean = true;
  // The first `knownClean` points are known clean (checked before, and unchanged since): only the rest is read.
  for (let i = Math.max(0, knownClean - 1); i < history.length && clean; i++) {
    const p = history[i] as Point;
    clean = Number.isFinite(p.t) && Number.isFinite(p.v) && (i === 0 || p.t >= (history[i - 1] as Point).t);
  }
  if (clean) return history;
  const ok = history.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));
  return ok.sort((a, b) => a.t - b.t);
}
