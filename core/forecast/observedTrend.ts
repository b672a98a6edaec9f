import type { Point } from './types';
import { lowerBound } from './series';
import { firstCrossing } from './saturation';

const MIN = 60_000;
/** The observed ramp is read over the last 30 minutes of samples (a coarse series: its last two). */
export const TREND_WINDOW_MS = 30 * MIN;

/** The observed ramp: the last sample and the least-squares slope (per ms) through the window. */
export interface ObservedTrend {
  t: number;
  v: number;
  slope: number;
}

/**
 * The series' own trend at `now`: the slope of a least-squares line over the samples of the last
 * TREND_WINDOW_MS (or the last two samples, when the window holds fewer), anchored at the last sample.
 * Undefined with fewer than two finite samples at or before now.
 */
export function observedTrend(history: readonly Point[], now: number): ObservedTrend | undefined {
  const end = lowerBound(history, now + 1);
  let from = lowerBound(history, now - TREND_WINDOW_MS, end);
  if (end - from < 2) from = Math.max(0, end - 2);
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
  const last = history[end - 1];
  if (n < 2 || !last || !Number.isFinite(last.v)) return undefined;
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
  return { t: last.t, v: last.v, slope: sxx > 0 ? sxy / sxx : 0 };
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
  const demand = (t: number) => load.rest + load.perViewer * (trend.v + trend.slope * (t - trend.t));
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
