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
