import type { BandPoint, Point } from './types';
import { lowerBound, quantile, typicalStep, valueAt } from './series';

export type PathFit = (history: readonly Point[], now: number) => ((t: number) => number) | undefined;

const ORIGINS = 12;
const FLOOR = 1e-9;

/**
 * Band from the method's own past errors: refit at earlier origins inside the history, record
 * log(actual ÷ forecast) by horizon, and read their quantiles at each horizon asked for.
 * Few errors at a horizon fall back to all errors scaled by √(horizon ratio).
 */
export function rollingBand(
  history: readonly Point[],
  fit: PathFit,
  now: number,
  times: readonly number[],
  quantiles: [number, number]
): BandPoint[] | undefined {
  const path = fit(history, now);
  if (!path) return undefined;
  const step = typicalStep(history);
  const horizon = Math.max(step, (times[times.length - 1] ?? now) - now);
  const spacing = Math.max(step, horizon / 4);
  const errors: { h: number; r: number }[] = [];
  for (let k = 1; k <= ORIGINS; k++) {
    const origin = now - k * spacing;
    const cut = lowerBound(history, origin + 1);
    if (cut < 3) break;
    const past = history.slice(0, cut);
    const pastPath = fit(past, origin);
    if (!pastPath) continue;
    for (const t of times) {
      const target = origin + (t - now);
      if (target > now) break;
      const actual = valueAt(history, target);
      if (actual === undefined) continue;
      errors.push({ h: t - now, r: Math.log(Math.max(FLOOR, actual) / Math.max(FLOOR, pastPath(target))) });
    }
  }
  const scaled = errors.map((e) => e.r / Math.sqrt(e.h / step));
  const byHorizon = new Map<number, number[]>();
  for (const e of errors) {
    const list = byHorizon.get(e.h);
    if (list) list.push(e.r);
    else byHorizon.set(e.h, [e.r]);
  }
  const zLo = scaled.length ? quantile(scaled, quantiles[0]) : -0.1;
  const zHi = scaled.length ? quantile(scaled, quantiles[1]) : 0.1;
  return times.map((t) => {
    const h = t - now;
    const near = byHorizon.get(h) ?? [];
    const lo = near.length >= 8 ? quantile(near, quantiles[0]) : zLo * Math.sqrt(h / step);
    const hi = near.length >= 8 ? quantile(near, quantiles[1]) : zHi * Math.sqrt(h / step);
    const p50 = path(t);
    return orderedBand(t, p50, lo, hi);
  });
}

/** Widest band kept: ×/÷ e³ (20×). Random-walk scaling over a day would otherwise overflow. */
const MAX_LOG_OFFSET = 3;

/** A band point from a median and log offsets, kept ordered p10 ≤ p50 ≤ p90. */
export function orderedBand(t: number, p50: number, lo: number, hi: number): BandPoint {
  const m = Number.isFinite(p50) ? Math.max(0, p50) : 0;
  const a = m * Math.exp(Number.isFinite(lo) ? Math.max(-MAX_LOG_OFFSET, Math.min(0, lo)) : 0);
  const b = m * Math.exp(Number.isFinite(hi) ? Math.min(MAX_LOG_OFFSET, Math.max(0, hi)) : 0);
  return { t, p10: a, p50: m, p90: b };
}
