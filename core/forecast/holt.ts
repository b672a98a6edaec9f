import type { Point } from './types';
import { lowerBound } from './series';

export interface HoltParams {
  /** Level smoothing factor (Prometheus `sf`). */
  alpha: number;
  /** Trend smoothing factor (Prometheus `tf`). */
  beta: number;
  /** Trend damping per step; 1 is Prometheus' undamped `double_exponential_smoothing`. */
  phi: number;
  /**
   * The span φ damps, in ms (absent: per sample step). With it the trend is smoothed undamped and fades
   * ahead in time, continuously: level + slope · ∫₀^Δ φ^(u ÷ phiPerMs) du, slope = trend ÷ step. Damped
   * per sample step, the cadence decided the climb: a 15-second series' trend was spent in ~2 minutes,
   * a 5-minute one's ran ~45 (and smoothing with φ per step shrinks a coarse series' trend too).
   */
  phiPerMs?: number;
}

/** Prometheus-like `double_exponential_smoothing` (level plus trend extrapolated). */
export const PROMETHEUS_HOLT: HoltParams = { alpha: 0.5, beta: 0.3, phi: 1 };
/**
 * The engine's fallback: damped so a steep minute does not become a steep hour. φ damps per minute of
 * time, not per sample, so a 15-second series' trend is not spent within ~2 minutes while a 5-minute
 * series' runs ~45 (leave-one-out, all three capacity sets: saturation precision neutral to +0.004,
 * held recall equal or up; docs/forecast.md, "Session 6").
 */
export const DAMPED_HOLT: HoltParams = { alpha: 0.5, beta: 0.2, phi: 0.9, phiPerMs: 60_000 };

/**
 * Double exponential smoothing over the window, trend kept per step (the window's own step), then
 * extrapolated with damping: per step, level + trend·(φ + φ² + … + φ^h); with `phiPerMs`, in time (above).
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
  const step = (last.t - first.t) / (hi - lo - 1);
  const perTime = params.phiPerMs !== undefined && params.phiPerMs > 0 && params.phi < 1;
  const phi = perTime ? 1 : params.phi;
  let level = first.v;
  let trend = (history[lo + 1] as Point).v - first.v;
  for (let i = lo + 1; i < hi; i++) {
    const y = (history[i] as Point).v;
    const prevLevel = level;
    level = params.alpha * y + (1 - params.alpha) * (level + phi * trend);
    trend = params.beta * (level - prevLevel) + (1 - params.beta) * phi * trend;
  }
  // Every window point at one instant (a clean history may repeat a time): no span to put the trend
  // in, so the level holds (a 1 ms step read a one-unit difference as a climb of 60,000 a minute).
  if (!(step > 0)) return () => level;
  if (perTime) {
    // ∫₀^Δ φ^(u/P) du = P · (1 − φ^(Δ/P)) / −ln φ
    const span = params.phiPerMs as number;
    const rate = -Math.log(params.phi) / span;
    const slope = trend / step;
    return (t) => level + (slope * (1 - Math.exp(-rate * Math.max(0, t - last.t)))) / rate;
  }
  return (t) => {
    const h = Math.max(0, (t - last.t) / step);
    const damp = phi === 1 ? h : (phi * (1 - Math.pow(phi, h))) / (1 - phi);
    return level + trend * damp;
  };
}
