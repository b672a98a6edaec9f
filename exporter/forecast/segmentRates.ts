import type { SegmentRates } from './resourceDemand';

/** CDNs whose rates are kept (the label guard's allow-list, `other` included, should be far fewer). */
export const MAX_SAMPLED_CDNS = 64;
/** (title, CDN) pairs whose rates are kept: the exporter's series budget bounds them already. */
export const MAX_SAMPLED_PAIRS = 20_000;

type Counts = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface SegmentRatesResult {
  rates: SegmentRates;
  /** Pairs left out because their CDN or the pair itself was past the bounds. */
  leftOut: number;
}

/**
 * Requests per second per title and CDN between two samples of the counters. 'reset' when a counter
 * went down (a restart): that interval says nothing. Undefined when either sample has no counts.
 */
export function segmentRatesBetween(
  before: Counts | undefined,
  after: Counts | undefined,
  seconds: number
): SegmentRatesResult | 'reset' | undefined {
  if (!before || !after || !(seconds > 0)) return undefined;
  const rates = new Map<string, Map<string, number>>();
  const cdns = new Set<string>();
  let pairs = 0;
  let leftOut = 0;
  for (const [title, byCdn] of after) {
    for (const [cdn, count] of byCdn) {
      const delta = count - (before.get(title)?.get(cdn) ?? 0);
      if (delta < 0) return 'reset';
      if ((!cdns.has(cdn) && cdns.size >= MAX_SAMPLED_CDNS) || pairs >= MAX_SAMPLED_PAIRS) {
        leftOut++;
        continue;
      }
      cdns.add(cdn);
      pairs++;
      let row = rates.get(title);
      if (!row) rates.set(title, (row = new Map()));
      row.set(cdn, delta / seconds);
    }
  }
  return { rates, leftOut };
}
