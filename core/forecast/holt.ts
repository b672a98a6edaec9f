import type { Point } from './types';
import { lowerBound } from './series';

export interface HoltParams {
  /** Level smoothing factor (Prometheus `sf`). */
  alpha: number;
  /** Trend smoothing factor (Prometheus `tf`). */
  beta: number;
  /** Trend damping per step; 1 is Prometheus' undamped `double_exponential_smoothing`. */
  phi: number;
}

/** Prometheus-like `double_exponential_smoothing` (level plus trend extrapolated). */
export const PROMETHEUS_HOLT: HoltParams = { alpha: 0.5, beta: 0.3, phi: 1 };
/** The engine's fallback: damped so a steep minute does not become a steep hour. */
export const DAMPED_HOLT: HoltParams = { alpha: 0.5, beta: 0.2, phi: 0.9 };

/**
 * Double exponential smoothing over the window, trend kept per step (the window's own step), then
 * extrapolated with damping: level + trend·(φ + φ² + … + φ^h).
 */
export function fitHolt(
  history: readonly Point[],
  now: number,
  windowMs: number,
  params: HoltParams,
  /** Only the first `end` points are read (a prefix, as at a past origin). */
  end = history.length
): ((t: number) => number) | undefined {
  // The window as an index range of the history (no copy: rollingBand refits this at eight origins).
  let lo = lowerBound(history, now - windowMs, end);
  let hi = lo;
  while (hi < end && (history[hi] as Point).t <= now) hi++;
  if (hi - lo < 2) {
    lo = Math.max(0, end - 2);
    hi = end;
  }
  const first = history[lo];
  if (!first || hi <= lo) return undefined;
  const last = history[hi - 1] as Point;
  if (hi - lo === 1) return () => first.v;
  const step = (last.t - first.t) / (hi - lo - 1) || 1;
  let level = first.v;
  let trend = (history[lo + 1] as Point).v - first.v;
  for (let i = lo + 1; i < hi; i++) {
    const y = (history[i] as Point).v;
    const prevLevel = level;
    level = params.alpha * y + (1 - params.alpha) * (level + params.phi * trend);
    trend = params.beta * (level - prevLevel) + (1 - params.beta) * params.phi * trend;
  }
  const { phi } = params;
  return (t) => {
    const h = Math.max(0, (t - last.t) / step);
    const damp = phi === 1 ? h : (phi * (1 - Math.pow(phi, h))) / (1 - phi);
    return level + trend * damp;
  };
}
