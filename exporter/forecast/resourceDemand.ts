import type { Resource } from './forecastSnapshot';

/** Most CDNs given a `segments:<cdn>` forecast: each adds series per event. */
export const MAX_CDN_RESOURCES = 32;

/** Segment requests per second per title and CDN, over the last few samples. */
export type SegmentRates = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * Segment requests over the last few samples, with the viewers they came from: rate ÷ mean viewers
 * is requests per viewer, which holds while an audience ramps faster than the rate window.
 */
export interface SegmentLoad {
  rates: SegmentRates;
  /** Each title's mean viewers over the same samples. */
  titleViewers: ReadonlyMap<string, number>;
  /** The platform's mean viewers over the same samples. */
  totalViewers: number;
  /** Requests per viewer per CDN of titles seen streaming before, for when they are idle now. */
  knownPerViewer?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface PlatformNow {
  viewers: number;
  loginsPerSecond: number;
  segmentsPerSecond: number;
}

export interface CapacityNow {
  viewers?: number;
  logins?: number;
  segments?: number;
  /** One CDN's own segment requests/s limit, by CDN (`segments:<cdn>` in the capacity file). */
  segmentsByCdn?: ReadonlyMap<string, number>;
}

/**
 * How one resource's load follows viewers. An event's demand is the platform's load now, minus its
 * title's load now, plus the title's forecast viewers times its load per viewer.
 */
export interface ResourceDemand {
  resource: Resource;
  capacity: number;
  /** The platform's load now (viewers, logins/s or requests/s). */
  now: number;
  /** A title's load now, and the load one more of its viewers brings. */
  title(title: string, viewersNow: number): { now: number; perViewer: number };
}

/**
 * One demand model per resource with a capacity. Viewers count as themselves; logins scale with the
 * platform's logins per viewer. Segment requests follow the title's own requests per viewer on that
 * CDN (a replay title on its own CDN loads that CDN only); an idle title, its last known ones; a
 * title never seen streaming is assumed to load the CDNs as the platform does.
 */
export function resourceDemands(total: PlatformNow, capacity: CapacityNow, load?: SegmentLoad): ResourceDemand[] {
  const out: ResourceDemand[] = [];
  const has = (cap: number | undefined): cap is number => cap !== undefined && cap > 0;
  const perPlatformViewer = (rate: number) => (total.viewers > 0 ? rate / total.viewers : 0);

  if (has(capacity.viewers)) {
    out.push({
      resource: 'viewers',
      capacity: capacity.viewers,
      now: total.viewers,
      title: (_, v) => ({ now: v, perViewer: 1 }),
    });
  }
  if (has(capacity.logins)) {
    const perViewer = perPlatformViewer(total.loginsPerSecond);
    out.push({
      resource: 'logins',
      capacity: capacity.logins,
      now: total.loginsPerSecond,
      title: (_, v) => ({ now: v * perViewer, perViewer }),
    });
  }

  const rates = load?.rates;
  const titleTotal = (title: string) => {
    let sum = 0;
    for (const r of rates?.get(title)?.values() ?? []) sum += r;
    return sum;
  };
  // The window's rates brought to now: scaled by how the platform's viewers moved since.
  const growth = load && load.totalViewers > 0 ? total.viewers / load.totalViewers : 1;
  const segments = (
    resource: Resource,
    cap: number,
    windowRate: number | undefined,
    ofTitle: (title: string) => number,
    ofMix: (perViewer: ReadonlyMap<string, number>) => number
  ): ResourceDemand => {
    const now = windowRate === undefined ? total.segmentsPerSecond : windowRate * growth;
    const platformPerViewer = perPlatformViewer(now);
    return {
      resource,
      capacity: cap,
      now,
      title(title, viewersNow) {
        const mean = load?.titleViewers.get(title) ?? 0;
        if (mean > 0 && titleTotal(title) > 0) {
          const perViewer = ofTitle(title) / mean;
          return { now: perViewer * viewersNow, perViewer };
        }
        // An idle title loads the CDNs it used last time; one never seen (or without per-title
        // counts) loads them as the platform does.
        const known = load?.knownPerViewer?.get(title);
        const perViewer = known ? ofMix(known) : platformPerViewer;
        return { now: viewersNow * perViewer, perViewer };
      },
    };
  };
  if (has(capacity.segments)) {
    let windowRate = rates ? 0 : undefined;
    for (const title of rates?.keys() ?? []) windowRate = (windowRate ?? 0) + titleTotal(title);
    out.push(
      segments('segments', capacity.segments, windowRate, titleTotal, (mix) =>
        [...mix.values()].reduce((a, b) => a + b, 0)
      )
    );
  }

  let cdns = 0;
  for (const [cdn, cap] of capacity.segmentsByCdn ?? []) {
    if (!has(cap)) continue;
    if (++cdns > MAX_CDN_RESOURCES) break;
    let windowRate = 0;
    for (const byCdn of rates?.values() ?? []) windowRate += byCdn.get(cdn) ?? 0;
    out.push(
      segments(
        `segments:${cdn}`,
        cap,
        windowRate,
        (title) => rates?.get(title)?.get(cdn) ?? 0,
        (mix) => mix.get(cdn) ?? 0
      )
    );
  }
  return out;
}
