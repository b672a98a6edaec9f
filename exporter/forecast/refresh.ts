import type { CalendarEvent } from '../../core/calendar/event';
import { eventForecast, PATH_LEAD_MIN, type PastEvent, type Point, type ResourceLoad } from '../../core/forecast';
import type { SloObjectives } from '../../core/status';
import type { ForecastSnapshot } from './forecastSnapshot';
import type { CapacitySteps } from './forecastCapacity';
import type { PlatformView } from './platformView';
import { resourceDemands, type CapacityNow } from './resourceDemand';

const MIN = 60_000;
/** Events forecast: those starting within a day, and those running. */
const LOOKAHEAD_MS = 24 * 60 * MIN;
/** Most events forecast in one refresh (nearest first): bounds the work and the series. */
export const MAX_FORECAST_EVENTS = 600;
/**
 * History a forecast reads before T0 (or now): the hour before T0 for its baseline, with margin. The
 * title rings keep eight days (PROFILE_HISTORY_MS, for the model's daily profile), but handing them over
 * made tests/forecast-replay.test.ts fail 2 runs in 3 (a P10 peak below an observed sample, tyson-paul-live)
 * and the cause is not found yet: not enabled until it is.
 */
const HISTORY_BEFORE_MS = (PATH_LEAD_MIN + 30) * MIN;

export interface RefreshInput {
  now: number;
  events: readonly CalendarEvent[];
  /** The platform's traffic, summed over every exporter. */
  view: PlatformView;
  /** The limits in force now: which resources have a capacity, and the demand models' scale. */
  capacity: CapacityNow;
  /** Each resource's limits over time, by id (same clock as `now`); without it, `capacity` holds throughout. */
  steps?: CapacitySteps;
  past: readonly PastEvent[];
  observed: readonly { event: string; value: number }[];
  objectives: SloObjectives;
}

/** The events a refresh forecasts: running or starting within a day, nearest first, at most MAX_FORECAST_EVENTS. */
export function chosenEvents(events: readonly CalendarEvent[], now: number): CalendarEvent[] {
  return events
    .filter((e) => e.end > now && e.start - now <= LOOKAHEAD_MS)
    .sort((a, b) => a.start - b.start)
    .slice(0, MAX_FORECAST_EVENTS);
}

const steady = (v: number): Point[] => [{ t: -Infinity, v }];

/**
 * One refresh: each chosen event through the one forecast (core eventForecast). Each resource's
 * demand is the platform's load outside the event's title, held as it is, plus the title's forecast
 * viewers times its load per viewer (see resourceDemands).
 */
export function computeForecasts(input: RefreshInput): ForecastSnapshot {
  const { now, view } = input;
  const demands = resourceDemands(view.total, input.capacity, view.segmentLoad);
  const slos = [
    { slo: 'login_success' as const, ratio: view.loginSuccess, objective: input.objectives.login_success },
    { slo: 'segment_errors' as const, ratio: view.segmentErrors, objective: input.objectives.segment_errors },
  ];
  const forecasts = chosenEvents(input.events, now).map((event) => {
    const history = view.titleSeries(event.title, Math.min(now, event.start) - HISTORY_BEFORE_MS) ?? [];
    const titleNow = history[history.length - 1]?.v ?? 0;
    const resources: ResourceLoad[] = demands.map((d) => {
      const title = d.title(event.title, titleNow);
      return {
        resource: d.resource,
        rest: Math.max(0, d.now - title.now),
        perViewer: title.perViewer,
        capacity: input.steps?.get(d.resource) ?? steady(d.capacity),
      };
    });
    return eventForecast({
      event,
      now,
      history,
      observedPeak: now >= event.start ? view.titlePeak(event.title, event.start) : undefined,
      leading: view.leading,
      pastEvents: input.past,
      resources,
      slos,
    });
  });
  return { computedAt: now, forecasts, observedPeaks: [...input.observed], objectives: input.objectives };
}
