import type { Point } from './types';

/** Index of the first point with t >= at (points sorted by t). */
export function lowerBound(points: readonly Point[], at: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as Point).t < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Points with from <= t <= to. */
export function pointsBetween(points: readonly Point[], from: number, to: number): Point[] {
  const out: Point[] = [];
  for (let i = lowerBound(points, from); i < points.length && (points[i] as Point).t <= to; i++)
    out.push(points[i] as Point);
  return out;
}

/** Linear interpolation inside the series; undefined outside it. */
export function valueAt(points: readonly Point[], t: number): number | undefined {
  const i = lowerBound(points, t);
  const right = points[i];
  if (!right) return undefined;
  if (right.t === t) return right.v;
  const left = points[i - 1];
  if (!left) return undefined;
  return left.v + ((right.v - left.v) * (t - left.t)) / (right.t - left.t);
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Median spacing of the last few samples: the series' own step. */
export function typicalStep(points: readonly Point[]): number {
  const gaps: number[] = [];
  for (let i = Math.max(1, points.length - 9); i < points.length; i++) {
    const gap = (points[i] as Point).t - (points[i - 1] as Point).t;
    if (gap > 0) gaps.push(gap); // duplicate instants say nothing about the step
  }
  return gaps.length ? median(gaps) : 60_000;
}

/** The forecast instants: now+step, now+2·step, … up to now+horizon. */
export function futureTimes(now: number, horizonMs: number, stepMs: number): number[] {
  const times: number[] = [];
  const step = Math.max(1, stepMs);
  for (let t = now + step; t <= now + horizonMs; t += step) times.push(t);
  return times;
}

/** Sorted by time, finite values only: the engine's one promise about its input (no copy when already so). */
export function cleanHistory(history: readonly Point[]): readonly Point[] {
  let clean = true;
  for (let i = 0; i < history.length && clean; i++) {
    const p = history[i] as Point;
    clean = Number.isFinite(p.t) && Number.isFinite(p.v) && (i === 0 || p.t >= (history[i - 1] as Point).t);
  }
  if (clean) return history;
  const ok = history.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));
  return ok.sort((a, b) => a.t - b.t);
}
