import type { CalendarEvent } from '../../../../core/calendar/event';
import type { BandPoint, PeakBand } from '../../../../core/forecast/types';
import type { EventStatus } from '../../../../core/status/statusRule';
import type { PublishedForecast } from './publishedForecast';

/** What a badge shows of one event: all of it as the forecaster published it, the capacity line aside. */
export interface HeadroomBadge {
  event: CalendarEvent;
  peak: PeakBand;
  /** The viewer capacity at the event's start, from the capacity query (0 when there is none). */
  capacity: number;
  /** The binding resource's published headroom (else the least published one; NaN when none is published). */
  headroom: number;
  status: EventStatus;
  /** The resource or `slo:<name>` that set the status. */
  binding?: string;
}

function headroomOf(f: PublishedForecast): number {
  const binding = f.binding !== undefined ? f.headroom[f.binding] : undefined;
  if (binding !== undefined) {
    return binding;
  }
  const all = Object.values(f.headroom);
  return all.length ? Math.min(...all) : Number.NaN;
}

/** One badge per live or upcoming event in view that has a published status and peak. */
export function headroomBadges(
  forecasts: ReadonlyMap<string, PublishedForecast>,
  events: readonly CalendarEvent[],
  capacityAt: (t: number) => number | undefined,
  now: number,
  until: number
): HeadroomBadge[] {
  const badges: HeadroomBadge[] = [];
  for (const event of events) {
    if (event.end <= now || event.start >= until) {
      continue;
    }
    const f = forecasts.get(event.id) ?? forecasts.get(event.id.replace(/^annotation-/, ''));
    if (!f?.status || !f.peak) {
      continue;
    }
    badges.push({
      event,
      peak: f.peak,
      capacity: capacityAt(event.start) ?? 0,
      headroom: headroomOf(f),
      status: f.status,
      ...(f.binding ? { binding: f.binding } : {}),
    });
  }
  return badges;
}

/** The event whose path the plot draws: the first live or upcoming one in view with a published path. */
export function focusForecast(
  forecasts: ReadonlyMap<string, PublishedForecast>,
  events: readonly CalendarEvent[],
  now: number,
  until: number
): { band: BandPoint[]; saturation: { p50?: number; p90?: number } } {
  for (const event of [...events].sort((a, b) => a.start - b.start)) {
    if (event.end <= now || event.start >= until) {
      continue;
    }
    const f = forecasts.get(event.id) ?? forecasts.get(event.id.replace(/^annotation-/, ''));
    if (!f || f.path.length === 0) {
      continue;
    }
    const at = (band: 'p50' | 'p90') => f.saturation.find((s) => s.resource === 'viewers' && s.band === band)?.at;
    const p50 = at('p50');
    const p90 = at('p90');
    return {
      band: f.path,
      saturation: { ...(p50 !== undefined ? { p50 } : {}), ...(p90 !== undefined ? { p90 } : {}) },
    };
  }
  return { band: [], saturation: {} };
}
