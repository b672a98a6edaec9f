import type { BandPoint, Point } from './types';

const MIN = 60_000;

/**
 * Steepest change a published quantile may make, in log(1 + v) per minute: doubling a minute. A model
 * that jumps (a template's corner, a residual bucket's edge) is ramped instead, so the path has no steps.
 */
export const MAX_LOG_RATE_PER_MIN = Math.LN2;
/** Steepest change of the band's width (log P90/P50, log P50/P10) per minute. */
export const MAX_WIDTH_RATE_PER_MIN = 0.05;

const lg = (v: number) => Math.log1p(Math.max(0, v));
const ex = (l: number) => Math.max(0, Math.expm1(l));
const finite = (v: number) => (Number.isFinite(v) ? Math.max(0, v) : NaN);

/** The model's points, finite and time-ordered, each kept p10 ≤ p50 ≤ p90 (its three values sorted). */
export function orderedModelPoints(band: readonly BandPoint[]): BandPoint[] {
  const out: BandPoint[] = [];
  for (const b of band) {
    const values = [finite(b.p10), finite(b.p50), finite(b.p90)].filter((v) => !Number.isNaN(v));
    if (!Number.isFinite(b.t) || values.length === 0) continue;
    values.sort((x, y) => x - y);
    const mid = values.length === 2 ? ((values[0] as number) + (values[1] as number)) / 2 : values[values.length >> 1];
    out.push({ t: b.t, p10: values[0] as number, p50: mid as number, p90: values[values.length - 1] as number });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The model band read at each grid instant: linear between its points, flat beyond the last. */
export function onGrid(points: readonly BandPoint[], times: readonly number[]): BandPoint[] {
  if (points.length === 0) return [];
  const out: BandPoint[] = [];
  let j = 0;
  for (const t of times) {
    while (j < points.length - 1 && (points[j + 1] as BandPoint).t <= t) j++;
    const a = points[j] as BandPoint;
    const b = points[j + 1];
    if (t <= a.t || !b) {
      out.push({ t, p10: a.p10, p50: a.p50, p90: a.p90 });
      continue;
    }
    const f = (t - a.t) / (b.t - a.t);
    out.push({
      t,
      p10: a.p10 + (b.p10 - a.p10) * f,
      p50: a.p50 + (b.p50 - a.p50) * f,
      p90: a.p90 + (b.p90 - a.p90) * f,
    });
  }
  return out;
}

const clampStep = (prev: number, next: number, limit: number) => Math.min(prev + limit, Math.max(prev - limit, next));

/**
 * The path made continuous: the median changes at most MAX_LOG_RATE_PER_MIN and each side of the band
 * at most MAX_WIDTH_RATE_PER_MIN (in log space, per minute) from the point before; the median starts
 * from the anchor (the last observation), the width from the model's first point. Order is kept.
 */
export function continuousPath(points: readonly BandPoint[], anchor?: Point): BandPoint[] {
  const out: BandPoint[] = [];
  // The first point keeps the model's width (calibrated at that horizon); only its median is anchored.
  let prev: { t: number; m: number; lo?: number; hi?: number } | undefined = anchor
    ? { t: anchor.t, m: lg(anchor.v) }
    : undefined;
  for (const p of points) {
    let m = lg(p.p50);
    let lo = Math.max(0, m - lg(p.p10));
    let hi = Math.max(0, lg(p.p90) - m);
    if (prev) {
      const minutes = Math.max(0, (p.t - prev.t) / MIN);
      m = clampStep(prev.m, m, MAX_LOG_RATE_PER_MIN * minutes);
      if (prev.lo !== undefined) lo = clampStep(prev.lo, lo, MAX_WIDTH_RATE_PER_MIN * minutes);
      if (prev.hi !== undefined) hi = clampStep(prev.hi, hi, MAX_WIDTH_RATE_PER_MIN * minutes);
    }
    prev = { t: p.t, m, lo, hi };
    out.push({ t: p.t, p10: ex(m - lo), p50: ex(m), p90: ex(m + hi) });
  }
  return out;
}
