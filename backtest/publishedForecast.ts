import type { EventKind } from '../core/calendar/event';
import type { BandPoint, NowcastOptions, PastEvent, PeakBand, Point, TemplateLibrary } from '../core/forecast';
import { HISTORY_MS, eventForecast, lowerBound, nowcast, upperBound } from '../core/forecast';
import { RED_HORIZON_MS } from '../core/status';
import type { LoadedEvent } from './runner';

/** What the exporter publishes about one event from one origin, as the backtest scores it. */
export interface PublishedCase {
  /** The published path (P10/P50/P90 on the event's minute grid, inside its window). */
  path: BandPoint[];
  /** The published peak band (never below the peak already observed). */
  peak?: PeakBand;
  /**
   * Per capacity, the published first P50 crossing (epoch ms) or undefined: the status rule turns the
   * event red when it is within 30 min of now (RED_HORIZON_MS).
   */
  p50At: (number | undefined)[];
  /**
   * Per capacity, the status rule's claim "saturates within 30 min": the published status is red (a P50
   * crossing within 30 min that the observed ramp supports).
   */
  red: boolean[];
}

/**
 * The one published forecast (core eventForecast, as the exporter runs it) for an event at an origin,
 * with the history the backtest hands every method (8 days up to the origin) and one `viewers`
 * resource per capacity. The model is core's nowcast with the given library (leave-one-out); without
 * one, the shipped library, as live. Re-login storms are not calendar kinds, but eventForecast reads
 * the kind only as a forecast kind (window length and template), so they are scored through it too.
 */
export function publishedCase(
  loaded: LoadedEvent,
  origin: number,
  pastEvents: readonly PastEvent[],
  capacities: readonly number[],
  library?: TemplateLibrary
): PublishedCase {
  const { points, event, windowEnd } = loaded;
  const history = points.slice(lowerBound(points, origin - HISTORY_MS), upperBound(points, origin));
  // The model's band depends on the event, the history and the origin only, never on the resources: the
  // per-capacity status calls below reuse the first call's band instead of refitting it (same outputs).
  let band: BandPoint[] | undefined;
  const model = (h: Point[], o: NowcastOptions) => (band ??= nowcast(h, library ? { ...o, library } : o));
  const input = (caps: readonly number[], offset: number) => ({
    event: {
      id: event.label,
      title: event.label,
      kind: event.kind as EventKind,
      start: event.t0,
      end: windowEnd,
      timeZone: 'UTC',
    },
    now: origin,
    history,
    pastEvents,
    resources: caps.map((v, i) => ({
      resource: `viewers@${i + offset}`,
      rest: 0,
      perViewer: 1,
      capacity: [{ t: 0, v }],
    })),
    slos: [],
    model,
  });
  const forecast = eventForecast(input(capacities, 0));
  const p50At = capacities.map(
    (_, i) => forecast.saturation.find((s) => s.resource === `viewers@${i}` && s.band === 'p50')?.at
  );
  // The claim is the published status itself, one capacity at a time (the status is the event's worst
  // resource): asked only where the P50 crosses within 30 min, the one place red can come from.
  const red = p50At.map(
    (at, i) =>
      at !== undefined &&
      at <= origin + RED_HORIZON_MS &&
      eventForecast(input([capacities[i] as number], i)).status === 'red'
  );
  return { path: forecast.path, ...(forecast.peak ? { peak: forecast.peak } : {}), p50At, red };
}
