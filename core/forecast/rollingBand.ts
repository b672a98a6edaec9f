import type { BandPoint, Point } from './types';
import { upperBound, typicalStep, valueAt } from './series';
import { quantiles2 } from './quantile';

/**
 * A method fitted at `now` on the history's first `end` points (all by default): rollingBand refits at
 * past origins on a prefix without copying it (eight origins × hundreds of titles a refresh).
 */
export type PathFit = (history: readonly Point[], now: number, end?: number) => ((t: number) => number) | undefined;

/** Past origins refitted; horizons sampled per origin. Enough for a 10/90 band, cheap enough for 500 titles. */
const ORIGINS = 8;
const HORIZONS = 10;
const FLOOR = 1e-9;

/**
 * Band from the method's own past errors: refit at earlier origins inside the history, record
 * log(actual ÷ forecast) at up to ten horizons, and read their quantiles for each horizon asked for
 * (the nearest sampled horizon at or beyond it). Horizons with fewer than six errors use all errors,
 * scaled by √(horizon ratio) as a random walk would.
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
  const horizons = sampleHorizons(times.map((t) => t - now));
  const horizon = Math.max(step, horizons[horizons.length - 1] ?? step);
  const spacing = Math.max(step, horizon / 4);
  const errors: number[][] = horizons.map(() => []);
  const scaled: number[] = [];
  for (let k = 1; k <= ORIGINS; k++) {
    const origin = now - k * spacing;
    const cut = upperBound(history, origin);
    if (cut < 3) break;
    const pastPath = fit(history, origin, cut);
    if (!pastPath) continue;
    horizons.forEach((h, i) => {
      const target = origin + h;
      if (target > now) return;
      const actual = valueAt(history, target);
      if (actual === undefined) return;
      const r = Math.log(Math.max(FLOOR, actual) / Math.max(FLOOR, pastPath(target)));
      (errors[i] as number[]).push(r);
      scaled.push(r / Math.sqrt(h / step));
    });
  }
  const [zLo, zHi] = scaled.length ? quantiles2(scaled, quantiles[0], quantiles[1]) : [-0.1, 0.1];
  const perHorizon = horizons.map((h, i) => {
    const near = errors[i] as number[];
    if (near.length >= 6) {
      const [lo, hi] = quantiles2(near, quantiles[0], quantiles[1]);
      return { h, lo, hi };
    }
    const root = Math.sqrt(h / step);
    return { h, lo: zLo * root, hi: zHi * root };
  });
  let j = 0;
  return times.map((t) => {
    const h = t - now;
    while (j < perHorizon.length - 1 && (perHorizon[j] as { h: number }).h < h) j++;
    const band = perHorizon[j] as { lo: number; hi: number };
    return orderedBand(t, path(t), band.lo, band.hi);
  });
}

/** Up to HORIZONS of the asked horizons, evenly spread, always including the last. */
function sampleHorizons(all: readonly number[]): number[] {
  if (all.length <= HORIZONS) return [...all];
  const out: number[] = [];
  for (let i = 1; i <= HORIZONS; i++) out.push(all[Math.round((i * all.length) / HORIZONS) - 1] as number);
  return out;
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
