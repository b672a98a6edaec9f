import type { Point } from './types';

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

let scratch = new Float64Array(64);
/** Up to this many values are sorted by insertion (no typed-array view made, no native call). */
const INSERTION_MAX = 32;

/**
 * The values sorted into the reused scratch array (its first values.length entries), in numeric order
 * with NaN last and −0 before +0, as Float64Array's own sort orders them: a sort of an hour's samples
 * runs for every event of a refresh, and rollingBand's per-horizon errors (8 values) some twenty times an event.
 */
function sortedScratch(values: readonly number[]): Float64Array {
  const n = values.length;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  const a = scratch;
  // By insertion while every value is finite and non-zero (where `>` orders exactly as the native sort).
  let plain = n <= INSERTION_MAX;
  for (let i = 0; i < n && plain; i++) {
    const v = values[i] as number;
    if (v !== v || v === 0 || v === Infinity || v === -Infinity) {
      plain = false;
      break;
    }
    let j = i;
    while (j > 0 && (a[j - 1] as number) > v) {
      a[j] = a[j - 1] as number;
      j--;
    }
    a[j] = v;
  }
  if (!plain) {
    for (let i = 0; i < n; i++) a[i] = values[i] as number;
    a.subarray(0, n).sort();
  }
  return a;
}

/** The q-quantile of the first n sorted values (linear between the two nearest ranks). */
function sortedQuantile(sorted: Float64Array, n: number, q: number): number {
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}

/**
 * The k-th smallest of the first n of a (reordered in place), by quickselect (median-of-three pivot,
 * Hoare partition): exact for values `<` orders totally (finite, no zero of either sign).
 */
function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const x = a[lo] as number;
    const y = a[(lo + hi) >> 1] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

export function quantile(values: readonly number[], q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  if (n === 1) return values[0] as number; // no copy for the common one-value median
  if (n <= INSERTION_MAX) return sortedQuantile(sortedScratch(values), n, q);
  // Longer (an hour's samples, twice an event): the two ranks by selection, not a whole sort (~5% of
  // a refresh was the native sort), while every value is finite and non-zero.
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  const a = scratch;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v !== v || v === 0 || v === Infinity || v === -Infinity) return sortedQuantile(sortedScratch(values), n, q);
    a[i] = v;
  }
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const below = selectKth(a, n, lo);
  if (Math.ceil(pos) === lo) return below + (below - below) * (pos - lo);
  // The next rank: the least of what selection left above it.
  let above = a[lo + 1] as number;
  for (let i = lo + 2; i < n; i++) if ((a[i] as number) < above) above = a[i] as number;
  return below + (above - below) * (pos - lo);
}

/** Two quantiles of the same values, sorted once: [quantile(values, qa), quantile(values, qb)]. */
export function quantiles2(values: readonly number[], qa: number, qb: number): [number, number] {
  if (values.length === 0) return [NaN, NaN];
  if (values.length === 1) return [values[0] as number, values[0] as number];
  const sorted = sortedScratch(values);
  return [sortedQuantile(sorted, values.length, qa), sortedQuantile(sorted, values.length, qb)];
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

const gaps = new Float64Array(9);

/** Median spacing of the last few samples (of the first `end`): the series' own step. */
export function typicalStep(points: readonly Point[], end = points.length): number {
  // At most nine gaps, kept sorted by insertion in a reused array (this runs at every refit).
  let n = 0;
  for (let i = Math.max(1, end - 9); i < end; i++) {
    const gap = (points[i] as Point).t - (points[i - 1] as Point).t;
    if (!(gap > 0)) continue; // duplicate instants say nothing about the step
    let j = n++;
    while (j > 0 && (gaps[j - 1] as number) > gap) {
      gaps[j] = gaps[j - 1] as number;
      j--;
    }
    gaps[j] = gap;
  }
  if (n === 0) return 60_000;
  // As median() reads it.
  const pos = (n - 1) * 0.5;
  const lo = Math.floor(pos);
  const a = gaps[lo] as number;
  return a + ((gaps[Math.ceil(pos)] as number) - a) * (pos - lo);
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
