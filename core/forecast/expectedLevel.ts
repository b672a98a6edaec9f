import type { Point } from './types';
import { eventBaseline } from './baseline';
import { lowerBound, median, pointsBetween } from './series';

/** Inserts v into the sorted first n of a; returns n + 1. */
function insertSorted(a: Float64Array, n: number, v: number): number {
  let i = n;
  while (i > 0 && (a[i - 1] as number) > v) {
    a[i] = a[i - 1] as number;
    i--;
  }
  a[i] = v;
  return n + 1;
}

/** The median of the sorted first n of a (as series' median reads it: halfway between the middle two when n is even). */
const sortedMedian = (a: Float64Array, n: number): number =>
  n % 2
    ? (a[(n - 1) / 2] as number)
    : (a[n / 2 - 1] as number) + ((a[n / 2] as number) - (a[n / 2 - 1] as number)) * 0.5;

const MIN = 60_000;
const DAY = 1440 * MIN;
/** Days back the usual daily profile is read from (the backtest hands 8 days of history). */
const PROFILE_DAYS = 7;
const NODE_MS = 5 * MIN;
/** History the daily profile wants before an event's window: its seven days back, and one more. */
export const PROFILE_HISTORY_MS = (PROFILE_DAYS + 1) * DAY;

/** Saturday or Sunday (UTC), by arithmetic: 1970-01-01 was a Thursday (a Date per lookup was 5% of a refresh). */
const isWeekend = (t: number) => {
  const day = (((Math.floor(t / DAY) + 4) % 7) + 7) % 7;
  return day === 0 || day === 6;
};

/** What the series would do without the event. */
export interface ExpectedLevel {
  /** The pre-event level (eventBaseline): what peak ratios and the reference class are expressed in. */
  baseline: number;
  /** True when a daily profile shapes the expectation; false for a flat baseline (too little history). */
  seasonal: boolean;
  at: (t: number) => number;
}

/**
 * The level the series would follow without the event: its usual daily profile (the median of the
 * same instant on the last seven days of the same type, weekday or weekend, read only from samples
 * known by `now`), scaled to the pre-event level. Game audiences swing 1.5-5x in a day, so an update at the start of the daily rise
 * looks like a surge against a flat baseline; against the profile only the event's own excess remains.
 * With no day-earlier samples around T0 (a new stream, a short history) it is the flat baseline.
 */
export function expectedLevel(history: readonly Point[], t0: number, now: number): ExpectedLevel | undefined {
  const baseline = eventBaseline(history, t0, now);
  if (baseline === undefined || !(baseline > 0)) return undefined;
  const flat: ExpectedLevel = { baseline, seasonal: false, at: () => baseline };
  const first = history[0];
  if (!first || first.t > t0 - DAY) return flat;
  // Weekends draw a different daily curve from weekdays (UTC days): the profile reads the days of the
  // same type, or every day when none of that type is known.
  // Scratch for the (at most seven) values of one instant: no arrays per lookup, sorted by insertion.
  const same = new Float64Array(PROFILE_DAYS);
  const any = new Float64Array(PROFILE_DAYS);
  // Per day back, the index last found: lookups come in ascending time, so each starts where the one
  // before ended (a binary search per lookup was 15% of a refresh with eight days of history).
  const hints = new Int32Array(PROFILE_DAYS + 1);
  const valueFrom = (d: number, t: number): number | undefined => {
    let i = hints[d] as number;
    const n = history.length;
    if (i === 0 || i > n || (history[i - 1] as Point).t >= t) i = lowerBound(history, t);
    else {
      // A short walk forward; a long jump is searched instead.
      const stop = Math.min(n, i + 16);
      while (i < stop && (history[i] as Point).t < t) i++;
      if (i === stop && i < n && (history[i] as Point).t < t) i = lowerBound(history, t);
    }
    hints[d] = i;
    // valueAt's reading from the first point at or after t.
    const right = history[i];
    if (!right) return undefined;
    if (right.t === t) return right.v;
    const left = history[i - 1];
    if (!left) return undefined;
    return left.v + ((right.v - left.v) * (t - left.t)) / (right.t - left.t);
  };
  const profile = (t: number): number | undefined => {
    let nSame = 0;
    let nAny = 0;
    const weekend = isWeekend(t);
    for (let d = 1; d <= PROFILE_DAYS; d++) {
      const past = t - d * DAY;
      if (past > now || past < first.t) continue;
      const v = valueFrom(d, past);
      if (v === undefined || !(v > 0)) continue;
      nAny = insertSorted(any, nAny, v);
      if (isWeekend(past) === weekend) nSame = insertSorted(same, nSame, v);
    }
    return nSame ? sortedMedian(same, nSame) : nAny ? sortedMedian(any, nAny) : undefined;
  };
  // Scale: the pre-event window's level relative to its usual level (the same window as eventBaseline).
  const end = Math.min(now, t0 - 10 * MIN);
  const ratios: number[] = [];
  for (const p of pointsBetween(history, end - 60 * MIN, end)) {
    const usual = profile(p.t);
    if (usual !== undefined && p.v > 0) ratios.push(p.v / usual);
  }
  if (ratios.length === 0) return flat;
  const scale = median(ratios);
  // The profile is read on a 5-minute grid (nodes computed once, on first use) and interpolated between:
  // a daily swing needs no finer step, and a refresh of 500 events then does ~150 lookups per event,
  // not seven per path point. A node with no profile (a gap in the history) is the flat baseline.
  const nodes = new Map<number, number>();
  const node = (k: number) => {
    let v = nodes.get(k);
    if (v === undefined) nodes.set(k, (v = scale * (profile(k * NODE_MS) ?? baseline / scale)));
    return v;
  };
  return {
    baseline,
    seasonal: true,
    at: (t) => {
      const k = Math.floor(t / NODE_MS);
      const a = node(k);
      const w = t / NODE_MS - k;
      return w > 0 ? a + (node(k + 1) - a) * w : a;
    },
  };
}
