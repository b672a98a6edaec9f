// What the refresher last computed; the collector reads it at scrape time.

/** `segments:<cdn>` is one CDN's own segment requests, next to the platform's `segments`. */
export type Resource = 'viewers' | 'logins' | 'segments' | `segments:${string}`;
export type Band = 'p10' | 'p50' | 'p90';

export interface ForecastSnapshot {
  computedAt: number;
  peaks: { event: string; band: Band; value: number }[];
  headroom: { event: string; resource: Resource; ratio: number }[];
  /** Epoch ms of the first crossing, per resource and band; absent when the band stays under. */
  saturation: { resource: Resource; band: 'p50' | 'p90'; at: number }[];
  observedPeaks: { event: string; value: number }[];
}

export const emptySnapshot = (): ForecastSnapshot => ({
  computedAt: 0,
  peaks: [],
  headroom: [],
  saturation: [],
  observedPeaks: [],
});
