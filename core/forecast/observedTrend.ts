import type { Point } from './types';
import { lowerBound, upperBound } from './series';
import { firstCrossing } from './saturation';

const MIN = 60_000;
/** The observed ramp is read over the last 30 minutes of samples (a coarse series: its last two). */
export const TREND_WINDOW_MS = 30 * MIN;

/**
 * The recent ramp, over the last RECENT_WINDOW_MS (or the last two samples): a ramp that has flattened
 * (a stream that rose fast, then plateaued) no longer supports a crossing, however steep its 30 minutes.
 */
export const RECENT_WINDOW_MS = 10 * MIN;

/** The observed ramp: the last sample, the least-squares slope (per ms) over the window and over the recent part. */
export interface ObservedTrend {
  t: number;
  v: number;
  slope: number;
  /** The slope over the last RECENT_WINDOW_MS (the same fallback to the last two samples). */
  recentSlope: number;
}

/** Least-squares slope through history[from..end) (finite points only); undefined with fewer than two. */
function slopeOf(history: readonly Point[], from: number, end: number): number | undefined {
  let n = 0,
    st = 0,
    sv = 0;
  for (let i = from; i < end; i++) {
    const p = history[i] as Point;
    if (!Number.isFinite(p.t) || !Number.isFinite(p.v)) continue;
    n++;
    st += p.t;
    sv += p.v;
  }
  if (n < 2) return undefined;
  const mt = st / n;
  const mv = sv / n;
  let sxy = 0,
    sxx = 0;
  for (let i = from; i < end; i++) {
    const p = history[i] as Point;
    if (!Number.isFinite(p.t) || !Number.isFinite(p.v)) continue;
    sxy += (p.t - mt) * (p.v - mv);
    sxx += (p.t - mt) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/**
 * The series' own trend at `now`: the slope of a least-squares line over the samples of the last
 * TREND_WINDOW_MS (and of the last RECENT_WINDOW_MS; a window holding fewer than two: the last two
 * samples), anchored at the last sample. Undefined with fewer than two finite samples at or before now.
 */
export function observedTrend(history: readonly Point[], now: number): ObservedTrend | undefined {
  const end = upperBound(history, now);
  const windowFrom = (ms: number) => {
    const from = lowerBound(history, now - ms, end);
    return end - from < 2 ? Math.max(0, end - 2) : from;
  };
  const last = history[end - 1];
  const slope = slopeOf(history, windowFrom(TREND_WINDOW_MS), end);
  if (slope === undefined || !last || !Number.isFinite(last.v)) return undefined;
  return {
    t: last.t,
    v: last.v,
    slope,
    recentSlope: slopeOf(history, windowFrom(RECENT_WINDOW_MS), end) ?? slope,
  };
}

/**
 * Whether the observed ramp, carried forward as a line, brings a resource's demand (rest + perViewer ·
 * viewers) to the capacity in force by `by`: from the last sample on, so a last sample already at the
 * limit counts. The status rule's second signal: a P50 crossing within 30 minutes turns an event red
 * only when the ramp seen so far supports it (docs/forecast.md, "Status").
 */
export function trendReaches(
  trend: ObservedTrend,
  load: { rest: number; perViewer: number; capacity: readonly Point[] },
  by: number
): boolean {
  if (!(by > trend.t)) return false;
  // Both ramps must reach it, the 30-minute one and the recent one: the line with the lesser slope.
  const slope = Math.min(trend.slope, trend.recentSlope);
  const demand = (t: number) => load.rest + load.perViewer * (trend.v + slope * (t - trend.t));
  return (
    firstCrossing(
      [
        { t: trend.t, v: demand(trend.t) },
        { t: by, v: demand(by) },
      ],
      load.capacity
    ) !== undefined
  );
}
