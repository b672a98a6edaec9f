import type { Point } from './types';
import { pointsBetween } from './series';

/**
 * Prometheus `predict_linear` semantics: ordinary least squares over the samples in the window,
 * extrapolated to each instant. Returns the fitted line as a function of t.
 */
export function fitLinear(
  history: readonly Point[],
  now: number,
  windowMs: number,
  /** Only the first `end` points are read (a prefix, as at a past origin). */
  end = history.length
): ((t: number) => number) | undefined {
  let sample = pointsBetween(history, now - windowMs, now, end);
  if (sample.length < 2) sample = history.slice(Math.max(0, end - 2), end);
  if (sample.length === 0) return undefined;
  if (sample.length === 1) {
    const only = (sample[0] as Point).v;
    return () => only;
  }
  const n = sample.length;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (const p of sample) {
    const x = p.t - now;
    sx += x;
    sy += p.v;
    sxx += x * x;
    sxy += x * p.v;
  }
  const denom = n * sxx - sx * sx;
  const slope = denom === 0 ? 0 : (n * sxy - sx * sy) / denom;
  const intercept = (sy - slope * sx) / n;
  return (t) => intercept + slope * (t - now);
}
