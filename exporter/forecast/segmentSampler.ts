import type pino from 'pino';
import type { TelemetrySample } from '../state/telemetrySample';
import { MAX_SAMPLED_CDNS, MAX_SAMPLED_PAIRS, segmentRatesBetween } from './segmentRates';
import type { SegmentLoad } from './resourceDemand';

/** Segment rates per title and CDN are taken over this many sample intervals. */
const SEGMENT_RATE_SAMPLES = 4;

type Counts = NonNullable<TelemetrySample['segmentRequestsByTitleCdn']>;

/**
 * Segment requests per title and CDN over the last few samples, with the viewers they came from:
 * a title's share of one CDN may be a handful of requests a sample. Remembers each title's requests
 * per viewer when last seen streaming (at most maxTitles titles).
 */
export function createSegmentSampler(maxTitles: number, logger: pino.Logger) {
  const window: { t: number; counts: Counts; viewers: TelemetrySample['viewersByTitle']; total: number }[] = [];
  const knownPerViewer = new Map<string, Map<string, number>>();
  let load: SegmentLoad | undefined;
  let warnedLeftOut = false;

  function push(s: TelemetrySample, t: number): void {
    const counts = s.segmentRequestsByTitleCdn;
    if (!counts || t <= (window[window.length - 1]?.t ?? -Infinity)) return;
    window.push({ t, counts, viewers: s.viewersByTitle, total: s.totalViewers });
    if (window.length > SEGMENT_RATE_SAMPLES + 1) window.shift();
    const oldest = window[0] as (typeof window)[number];
    if (oldest.t === t) return;
    const result = segmentRatesBetween(oldest.counts, counts, (t - oldest.t) / 1000);
    // A counter that went down was reset (restart): start the window again from this sample.
    if (result === 'reset') window.splice(0, window.length - 1);
    if (!result || result === 'reset') return;
    // Mean viewers over the same intervals (each interval's closing sample), so rate ÷ viewers is per viewer.
    const closing = window.slice(1);
    const titleViewers = new Map<string, number>();
    for (const title of result.rates.keys()) {
      let sum = 0;
      for (const w of closing) sum += w.viewers.get(title) ?? 0;
      titleViewers.set(title, sum / closing.length);
    }
    for (const [title, byCdn] of result.rates) {
      const mean = titleViewers.get(title) ?? 0;
      let sum = 0;
      for (const r of byCdn.values()) sum += r;
      if (!(mean > 0 && sum > 0)) continue;
      knownPerViewer.delete(title); // re-inserted: the map stays ordered by last seen
      knownPerViewer.set(title, new Map([...byCdn].map(([cdn, r]) => [cdn, r / mean])));
      if (knownPerViewer.size > maxTitles) knownPerViewer.delete(knownPerViewer.keys().next().value as string);
    }
    load = {
      rates: result.rates,
      titleViewers,
      totalViewers: closing.reduce((a, w) => a + w.total, 0) / closing.length,
      knownPerViewer,
    };
    if (result.leftOut && !warnedLeftOut) {
      warnedLeftOut = true;
      logger.warn(
        { leftOut: result.leftOut, maxCdns: MAX_SAMPLED_CDNS, maxPairs: MAX_SAMPLED_PAIRS },
        'forecast: too many CDNs or (title, CDN) pairs in the segment counters, the rest left out of per-CDN forecasts'
      );
    }
  }

  return { push, load: () => load };
}
