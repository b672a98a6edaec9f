import type { BandPoint } from './types';

export interface Saturation {
  p50?: number;
  p90?: number;
}

/** First instant (epoch ms) the P50 and the P90 reach capacity; absent when they never do in the band. */
export function timeToSaturation(band: readonly BandPoint[], capacity: number): Saturation {
  const out: Saturation = {};
  if (!(capacity > 0)) return out;
  for (const point of band) {
    if (out.p90 === undefined && point.p90 >= capacity) out.p90 = point.t;
    if (out.p50 === undefined && point.p50 >= capacity) out.p50 = point.t;
    if (out.p50 !== undefined) break;
  }
  return out;
}

/** The value a step series holds at t: the last point at or before t (the first one before any). */
export function stepAt(steps: readonly { t: number; v: number }[], t: number): number | undefined {
  let value = steps[0]?.v;
  for (const s of steps) {
    if (s.t > t) break;
    value = s.v;
  }
  return value;
}

/**
 * First instant a demand path (linear between its points) reaches the capacity in force at that
 * instant (a step series: each limit holds from its t on); undefined when it never does on the path.
 * Capacity changes inside a segment split it, so a pre-scaling step is read at the minute it lands.
 */
export function firstCrossing(
  demand: readonly { t: number; v: number }[],
  capacity: readonly { t: number; v: number }[]
): number | undefined {
  const capAt = (t: number) => stepAt(capacity, t);
  const reached = (d: number, c: number | undefined) => c !== undefined && c > 0 && d >= c;
  for (let i = 0; i < demand.length; i++) {
    const a = demand[i] as { t: number; v: number };
    if (reached(a.v, capAt(a.t))) return a.t;
    const b = demand[i + 1];
    if (!b || b.t <= a.t) continue;
    const at = (t: number) => a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
    const cuts = [a.t, ...capacity.filter((c) => c.t > a.t && c.t < b.t).map((c) => c.t), b.t];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const u = cuts[k] as number;
      const v = cuts[k + 1] as number;
      const cap = capAt(u);
      const du = at(u);
      if (reached(du, cap)) return u;
      const dv = at(v);
      if (cap === undefined || !(cap > 0) || !(dv > du) || dv < cap) continue;
      // Whole ms, rounded up: the demand there has reached the limit (epoch ms floats carry no finer).
      const t = Math.ceil(u + ((cap - du) / (dv - du)) * (v - u));
      // A crossing that lands on v is read at v, against the limit in force there.
      if (t < v) return Math.max(u, t);
    }
  }
  return undefined;
}
