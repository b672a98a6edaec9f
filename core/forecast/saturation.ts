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
 * instant (a step series sorted by t: each limit holds from its t on, the first also before it);
 * undefined when it never does on the path. Capacity changes inside a segment split it, so a
 * pre-scaling step is read at the minute it lands.
 */
export function firstCrossing(
  demand: readonly { t: number; v: number }[],
  capacity: readonly { t: number; v: number }[]
): number | undefined {
  return crossingIn(
    demand.map((p) => p.t),
    demand.map((p) => p.v),
    demand.length,
    capacity
  );
}

/**
 * firstCrossing over the first n instants and demands of two arrays: a refresh fills one scratch
 * array per band and resource and walks it once, with the capacity steps, in plain loops (an accessor
 * call per point was 5% of a refresh of 500 events × 3 resources × 3 bands).
 */
export function crossingIn(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  n: number,
  capacity: readonly { t: number; v: number }[]
): number | undefined {
  if (capacity.length === 0) return undefined;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const at = times[i] as number;
    const av = values[i] as number;
    while (c + 1 < capacity.length && (capacity[c + 1] as { t: number }).t <= at) c++;
    const capNow = (capacity[c] as { v: number }).v;
    if (capNow > 0 && av >= capNow) return at;
    if (i + 1 >= n) break;
    const bt = times[i + 1] as number;
    const bv = values[i + 1] as number;
    if (!(bt > at)) continue;
    let u = at;
    let du = av;
    for (;;) {
      const next = capacity[c + 1];
      const v = next && next.t < bt ? next.t : bt;
      const dv = av + ((bv - av) * (v - at)) / (bt - at);
      const cap = (capacity[c] as { v: number }).v;
      if (cap > 0 && dv > du && dv >= cap) {
        // Whole ms, rounded up: the demand there has reached the limit (epoch ms floats carry no finer).
        const t = Math.ceil(u + ((cap - du) / (dv - du)) * (v - u));
        // A crossing that lands on v is read at v, against the limit in force there.
        if (t < v) return Math.max(u, t);
      }
      if (v === bt) break;
      c++;
      u = v;
      du = dv;
      const stepped = (capacity[c] as { v: number }).v;
      if (stepped > 0 && du >= stepped) return u;
    }
  }
  return undefined;
}
