import type { CalendarEvent } from '../../core/calendar/event';
import type { BandPoint, PastEvent, Point } from '../../core/forecast';
import { EVENT_WINDOW_MIN, headroom, nowcast, timeToSaturation } from '../../core/forecast';
import type { ForecastSnapshot, Resource } from './forecast-snapshot';

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
  total: { viewers: number; loginsPerSecond: number; segmentsPerSecond: number };
  capacity: { viewers?: number; logins?: number; segments?: number };
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
  const windowEnd = Math.max(event.start + 5 * MIN, Math.min(event.end, event.start + EVENT_WINDOW_MIN[event.kind] * MIN));
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
  for (let i = history.length - 1; i >= 0 && (history[i] as Point).t >= event.start; i--) seen = Math.max(seen, (history[i] as Point).v);
  const peak = { p10: seen, p50: seen, p90: seen };
  let inWindow = 0;
  for (const b of band) {
    if (b.t < event.start) continue;
    inWindow++;
    if (b.p10 > peak.p10) peak.p10 = b.p10;
    if (b.p50 > peak.p50) peak.p50 = b.p50;
    if (b.p90 > peak.p90) peak.p90 = b.p90;
  }
  if (inWindow === 0 && seen === -Infinity) {
    if (!event.expectedPeak) return undefined;
    // No series yet (a new title): the planner's figure is all there is.
    const p = event.expectedPeak;
    return { event, band: [], peak: { p10: p, p50: p, p90: p }, titleNow: 0 };
  }
  return { event, band, peak, titleNow: history[history.length - 1]?.v ?? 0 };
}

/**
 * One refresh: per event, the peak band and the headroom per resource; per resource, when the
 * platform's P50 and P90 first reach capacity within the hour. Logins and segments are assumed to
 * scale with the platform's viewers (rate now × forecast viewers ÷ viewers now).
 */
export function computeForecasts(input: RefreshInput): ForecastSnapshot {
  const { now, total, capacity } = input;
  const chosen = input.events
    .filter((e) => e.end > now && e.start - now <= LOOKAHEAD_MS)
    .sort((a, b) => a.start - b.start)
    .slice(0, MAX_FORECAST_EVENTS);
  const forecasts = chosen.map((e) => forecastEvent(e, input)).filter((f): f is EventForecast => f !== undefined);

  const perViewer = {
    logins: total.viewers > 0 ? total.loginsPerSecond / total.viewers : 0,
    segments: total.viewers > 0 ? total.segmentsPerSecond / total.viewers : 0,
  };
  const snapshot: ForecastSnapshot = { computedAt: now, peaks: [], headroom: [], saturation: [], observedPeaks: [...input.observed] };
  for (const f of forecasts) {
    const id = f.event.id;
    for (const band of ['p10', 'p50', 'p90'] as const) snapshot.peaks.push({ event: id, band, value: f.peak[band] });
    const platformViewers = Math.max(0, total.viewers - f.titleNow) + f.peak.p50;
    const demand: Record<Resource, number> = {
      viewers: platformViewers,
      logins: platformViewers * perViewer.logins,
      segments: platformViewers * perViewer.segments,
    };
    for (const resource of ['viewers', 'logins', 'segments'] as const) {
      const cap = capacity[resource];
      if (cap !== undefined && cap > 0) snapshot.headroom.push({ event: id, resource, ratio: headroom(demand[resource], cap) });
    }
  }

  // The platform's next hour: viewers outside the forecast titles stay as they are.
  const soon = forecasts.filter((f) => f.band.length && f.event.start <= now + SATURATION_HORIZON_MS);
  const rest = Math.max(0, total.viewers - soon.reduce((a, f) => a + f.titleNow, 0));
  const platformBand: BandPoint[] = [];
  for (let t = now + MIN; t <= now + SATURATION_HORIZON_MS; t += MIN) {
    const point = { t, p10: rest, p50: rest, p90: rest };
    for (const f of soon) {
      const b = nearest(f.band, t);
      point.p10 += b?.p10 ?? f.titleNow;
      point.p50 += b?.p50 ?? f.titleNow;
      point.p90 += b?.p90 ?? f.titleNow;
    }
    platformBand.push(point);
  }
  for (const resource of ['viewers', 'logins', 'segments'] as const) {
    const cap = capacity[resource];
    if (!(cap !== undefined && cap > 0)) continue;
    const scale = resource === 'viewers' ? 1 : perViewer[resource];
    if (scale <= 0) continue;
    const sat = timeToSaturation(platformBand, cap / scale);
    if (sat.p50 !== undefined) snapshot.saturation.push({ resource, band: 'p50', at: sat.p50 });
    if (sat.p90 !== undefined) snapshot.saturation.push({ resource, band: 'p90', at: sat.p90 });
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
