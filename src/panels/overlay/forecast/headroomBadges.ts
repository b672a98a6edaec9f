import type { CalendarEvent } from '../../../../core/calendar/event';
import {
  type BandPoint,
  headroom,
  type HeadroomStatus,
  headroomStatus,
  type HeadroomThresholds,
} from '../../../../core/forecast';

export interface HeadroomBadge {
  event: CalendarEvent;
  peak: { p10: number; p50: number; p90: number };
  capacity: number;
  /** 1 - P90 peak / capacity: we plan on the pessimistic edge of the band. */
  headroom: number;
  status: HeadroomStatus;
}

/** The band's highest P10, P50 and P90 inside the window, or nothing if the band does not reach it. */
export function peakIn(band: BandPoint[], start: number, end: number): HeadroomBadge['peak'] | undefined {
  let peak: HeadroomBadge['peak'] | undefined;
  for (const b of band) {
    if (b.t < start || b.t > end) {
      continue;
    }
    peak = peak
      ? { p10: Math.max(peak.p10, b.p10), p50: Math.max(peak.p50, b.p50), p90: Math.max(peak.p90, b.p90) }
      : { p10: b.p10, p50: b.p50, p90: b.p90 };
  }
  if (peak || band.length === 0) {
    return peak;
  }
  // A window shorter than a step still gets the band at its nearest step.
  const nearest = band.reduce((a, b) => (Math.abs(b.t - start) < Math.abs(a.t - start) ? b : a));
  const step = band.length > 1 ? band[1]!.t - band[0]!.t : 0;
  return Math.abs(nearest.t - start) <= step ? { p10: nearest.p10, p50: nearest.p50, p90: nearest.p90 } : undefined;
}

/** One badge per event that is live or upcoming and starts before `until`. */
export function headroomBadges(
  band: BandPoint[],
  events: CalendarEvent[],
  capacityAt: (t: number) => number | undefined,
  now: number,
  until: number,
  thresholds: HeadroomThresholds
): HeadroomBadge[] {
  const badges: HeadroomBadge[] = [];
  for (const event of events) {
    if (event.end <= now || event.start >= until) {
      continue;
    }
    const peak = peakIn(band, Math.max(event.start, now), event.end);
    const capacity = capacityAt(event.start);
    if (!peak || capacity === undefined || !(capacity > 0)) {
      continue;
    }
    const ratio = headroom(peak.p90, capacity);
    badges.push({ event, peak, capacity, headroom: ratio, status: headroomStatus(ratio, thresholds) });
  }
  return badges;
}
