import type { CalendarEvent } from '../../core/calendar/event';
import type { BandPoint, PastEvent, Point } from '../../core/forecast';
import { EVENT_WINDOW_MIN, forecastPeak, headroom, nowcast, timeToSaturation } from '../../core/forecast';
import type { ForecastSnapshot } from './forecastSnapshot';
import { resourceDemands, type CapacityNow, type PlatformNow, type SegmentLoad } from './resourceDemand';

const MIN = 60_000;
/** Events forecast: those starting within a day, and those running. */
const LOOKAHEAD_MS = 24 * 60 * MIN;
/** Most events forecast in one refresh (nearest first): bounds the work and the series. */
export const MAX_FORECAST_EVENTS = 600;
/** The nowcast the saturation instants are read from. */
export const SATURATION_HORIZON_MS = 60 * MIN;
/** History a forecast reads: the hour before T0 for its baseline, with margin. */
const HISTORY_NEEDED_MS = 90 * MIN;
/** Most band points per event forecast: long pre-event horizons get a coarser step. */
const MAX_BAND_POINTS = 60;

export interface RefreshInput {
  now: number;
  events: readonly CalendarEvent[];
  /** A title's recent series from `since` on (epoch ms), about a sample a minute. */
  titleSeries: (title: string, since: number) => Point[] | undefined;
  total: PlatformNow;
  /** Segment requests per title and CDN; without it, titles load the CDNs as the platform does. */
  segmentLoad?: SegmentLoad;
  capacity: CapacityNow;
  /** The capacity in force at an instant (same clock as `now`), so an event is read against the limits
   * planned for it (a pre-scaling step, a scale-down); without it, `capacity` serves every event. */
  capacityAt?: (t: number) => CapacityNow;
  past: readonly PastEvent[];
  observed: readonly { event: string; value: number }[];
}

interface EventForecast {
  event: CalendarEvent;
  band: BandPoint[];
  peak: { p10: number; p50: number; p90: number };
  titleNow: number;
}

function forecastEvent(event: CalendarEvent, input: RefreshInput): EventForecast | undefined {
  const { now } = input;
  // Enough for the pre-event baseline (T0-70m..T0-10m) and the damped-Holt fallback's window.
  const history = input.titleSeries(event.title, Math.min(now, event.start) - HISTORY_NEEDED_MS) ?? [];
  const windowEnd = Math.max(
    event.start + 5 * MIN,
    Math.min(event.end, event.start + EVENT_WINDOW_MIN[event.kind] * MIN)
  );
  if (windowEnd <= now) return undefined;
  const horizonMs = windowEnd - now;
  const band = nowcast(history, {
    now,
    horizonMs,
    stepMs: Math.max(MIN, Math.ceil(horizonMs / MAX_BAND_POINTS / MIN) * MIN),
    kind: event.kind,
    t0: event.start,
    pastEvents: input.past,
    expectedPeak: event.expectedPeak,
  });
  let seen = -Infinity;
  for (let i = history.length - 1; i >= 0 && (history[i] as Point).t >= event.start; i--)
    seen = Math.max(seen, (history[i] as Point).v);
  const peak = { p10: seen, p50: seen, p90: seen };
  let inWindow = 0;
  for (const b of band) {
    if (b.t < event.start) continue;
    inWindow++;
    if (b.p10 > peak.p10) peak.p10 = b.p10;
    if (b.p50 > peak.p50) peak.p50 = b.p50;
    if (b.p90 > peak.p90) peak.p90 = b.p90;
  }
  const titleNow = history[history.length - 1]?.v ?? 0;
  // The planner's figure, corrected by how past plans compared with actual peaks (reference class).
  const planned = event.expectedPeak
    ? forecastPeak({ kind: event.kind, baseline: 0, expectedPeak: event.expectedPeak, history: input.past })
    : undefined;
  if (inWindow === 0 && seen === -Infinity) {
    // No series yet (a new title): the plan is all there is.
    return planned ? { event, band: [], peak: { ...planned }, titleNow } : undefined;
  }
  if (planned && now < event.start) {
    // Before T0 the plan is a floor: a new title idling near 0 leaves the template nothing to scale,
    // and the fallback (damped Holt) only extends the flat pre-event line.
    for (const b of ['p10', 'p50', 'p90'] as const) peak[b] = Math.max(peak[b], planned[b]);
  }
  return { event, band, peak, titleNow };
}

/**
 * One refresh: per event, the peak band and the headroom per resource; per resource, when the
 * platform's P50 and P90 first reach capacity within the hour. Logins scale with the platform's
 * viewers, segment requests with each title's own requests per viewer on each CDN
 * (see resourceDemands).
 */
export function computeForecasts(input: RefreshInput): ForecastSnapshot {
  const { now, total } = input;
  const chosen = input.events
    .filter((e) => e.end > now && e.start - now <= LOOKAHEAD_MS)
    .sort((a, b) => a.start - b.start)
    .slice(0, MAX_FORECAST_EVENTS);
  const forecasts = chosen.map((e) => forecastEvent(e, input)).filter((f): f is EventForecast => f !== undefined);
  const demands = resourceDemands(total, input.capacity, input.segmentLoad);

  const snapshot: ForecastSnapshot = {
    computedAt: now,
    peaks: [],
    headroom: [],
    saturation: [],
    observedPeaks: [...input.observed],
  };
  for (const f of forecasts) {
    const id = f.event.id;
    for (const band of ['p10', 'p50', 'p90'] as const) snapshot.peaks.push({ event: id, band, value: f.peak[band] });
    const eventDemands = input.capacityAt
      ? resourceDemands(total, input.capacityAt(f.event.start), input.segmentLoad)
      : demands;
    for (const d of eventDemands) {
      const title = d.title(f.event.title, f.titleNow);
      const demand = Math.max(0, d.now - title.now) + f.peak.p50 * title.perViewer;
      snapshot.headroom.push({ event: id, resource: d.resource, ratio: headroom(demand, d.capacity) });
    }
  }

  // The platform's next hour: load outside the forecast titles stays as it is. One band per title
  // (its nearest event), so two airings of a title within the hour are not counted twice.
  const soon: EventForecast[] = [];
  const seen = new Set<string>();
  for (const f of forecasts) {
    if (!f.band.length || f.event.start > now + SATURATION_HORIZON_MS || seen.has(f.event.title)) continue;
    seen.add(f.event.title);
    soon.push(f);
  }
  for (const d of demands) {
    const titles = soon.map((f) => ({ f, load: d.title(f.event.title, f.titleNow) }));
    const rest = Math.max(0, d.now - titles.reduce((a, x) => a + x.load.now, 0));
    const band: BandPoint[] = [];
    for (let t = now + MIN; t <= now + SATURATION_HORIZON_MS; t += MIN) {
      const point = { t, p10: rest, p50: rest, p90: rest };
      for (const { f, load } of titles) {
        const b = nearest(f.band, t);
        point.p10 += (b?.p10 ?? f.titleNow) * load.perViewer;
        point.p50 += (b?.p50 ?? f.titleNow) * load.perViewer;
        point.p90 += (b?.p90 ?? f.titleNow) * load.perViewer;
      }
      band.push(point);
    }
    const sat = timeToSaturation(band, d.capacity);
    if (sat.p50 !== undefined) snapshot.saturation.push({ resource: d.resource, band: 'p50', at: sat.p50 });
    if (sat.p90 !== undefined) snapshot.saturation.push({ resource: d.resource, band: 'p90', at: sat.p90 });
  }
  return snapshot;
}

/** The band point at or just after t (bands are on a regular grid). */
function nearest(band: readonly BandPoint[], t: number): BandPoint | undefined {
  const first = band[0];
  const second = band[1];
  if (!first) return undefined;
  if (!second || t <= first.t) return first;
  const i = Math.ceil((t - first.t) / (second.t - first.t));
  return band[Math.min(band.length - 1, i)];
}
