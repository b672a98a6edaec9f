import type { Point } from './types';
import { median } from './quantile';
import { pointsBetween } from './series';

const MIN = 60_000;

/**
 * The level an event starts from: the median of the hour before T0, ending 10 minutes early because
 * disconnects and early arrivals begin a few minutes before the announced start. Before T0 the
 * latest hour is used instead.
 */
export function eventBaseline(history: readonly Point[], t0: number, now: number): number | undefined {
  const end = Math.min(now, t0 - 10 * MIN);
  const window = pointsBetween(history, end - 60 * MIN, end);
  if (window.length) return median(window.map((p) => p.v));
  let last: Point | undefined;
  for (const p of history) if (p.t <= end) last = p;
  return last?.v;
}
