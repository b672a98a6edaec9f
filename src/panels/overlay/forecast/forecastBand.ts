import type { CalendarEvent } from '../../../../core/calendar/event';
import { type BandPoint, type ForecastMethod, nowcast, type Point } from '../../../../core/forecast';

export interface BandRequest {
  history: Point[];
  events: CalendarEvent[];
  now: number;
  method: ForecastMethod;
  horizonMs: number;
  /** The band must reach the end of every upcoming event up to here (the panel's right edge). */
  until: number;
  quantiles: [number, number];
}

/** A week: far enough for any panel, small enough to stay a few thousand points. */
const MAX_HORIZON_MS = 7 * 24 * 3600_000;
const MAX_STEPS = 480;

/** The next event that is live or still to come: the one the launch template aligns on. */
export function nextEvent(events: CalendarEvent[], now: number): CalendarEvent | undefined {
  return events.filter((e) => e.end > now).sort((a, b) => a.start - b.start)[0];
}

/** From now through the option's horizon, stretched to cover each upcoming event window in view. */
export function horizonFor(req: Pick<BandRequest, 'events' | 'now' | 'horizonMs' | 'until'>): number {
  let end = req.now + Math.max(0, req.horizonMs);
  for (const e of req.events) {
    if (e.end > req.now && e.start < req.until) {
      end = Math.max(end, e.end);
    }
  }
  return Math.min(end - req.now, MAX_HORIZON_MS);
}

/** The forecast from `core/forecast`, sampled on at most MAX_STEPS steps of whole minutes. */
export function forecastBand(req: BandRequest): BandPoint[] {
  const horizonMs = horizonFor(req);
  if (horizonMs <= 0 || req.history.length === 0) {
    return [];
  }
  const stepMs = Math.max(60_000, Math.ceil(horizonMs / MAX_STEPS / 60_000) * 60_000);
  const event = nextEvent(req.events, req.now);
  return nowcast(req.history, {
    now: req.now,
    horizonMs,
    stepMs,
    method: req.method,
    kind: event?.kind,
    t0: event?.start,
    expectedPeak: event?.expectedPeak,
    quantiles: req.quantiles,
  });
}
