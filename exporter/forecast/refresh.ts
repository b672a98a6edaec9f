import type { CalendarEvent } from '../../core/calendar/event';
import {
  eventForecast,
  HISTORY_MS,
  type EventForecast,
  type EventForecastInput,
  type PastEvent,
  type Point,
  type ResourceLoad,
} from '../../core/forecast';
import type { ForecastMemo } from '../../core/forecast/forecastMemo';
import { runsUpTo, type HistoryRun } from '../../core/forecast/historyRuns';
import type { SloObjectives } from '../../core/status';
import type { ForecastSnapshot } from './forecastSnapshot';
import type { CapacitySteps } from './forecastCapacity';
import type { HistoryRead } from './historyRead';
import type { PlatformView } from './platformView';
import { resourceDemands, type CapacityNow } from './resourceDemand';

const MIN = 60_000;
/** Events forecast: those starting within a day, and those running. */
const LOOKAHEAD_MS = 24 * 60 * MIN;
/** Most events forecast in one refresh (nearest first): bounds the work and the series. */
export const MAX_FORECAST_EVENTS = 600;
/**
 * History a forecast reads: what the backtest scored the model with (derive.ts HISTORY_MS, the eight
 * days before the refresh instant; the title rings keep them).
 */
export const HISTORY_BEFORE_MS = HISTORY_MS;

/** The first instant a refresh reads of an event's title. */
export const historySince = (_event: CalendarEvent, now: number) => now - HISTORY_BEFORE_MS;

/** The samples up to `now` (a sample taken while a refresh awaited is not its past), without a copy when all are. */
export function upTo(points: readonly Point[], now: number): readonly Point[] {
  let n = points.length;
  while (n > 0 && (points[n - 1] as Point).t > now) n--;
  return n === points.length ? points : points.slice(0, n);
}

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
  /** Kept by the caller from one refresh to the next: the same forecasts, faster (core ForecastMemo). */
  memo?: ForecastMemo;
}

/** The events a refresh forecasts: running or starting within a day, nearest first, at most MAX_FORECAST_EVENTS. */
export function chosenEvents(events: readonly CalendarEvent[], now: number): CalendarEvent[] {
  return events
    .filter((e) => e.end > now && e.start - now <= LOOKAHEAD_MS)
    .sort((a, b) => a.start - b.start)
    .slice(0, MAX_FORECAST_EVENTS);
}

/** A history read with its runs, cut at `now` (upTo), the runs cut as the points are. */
export function cutAt(
  read: { points: Point[]; runs: HistoryRun[] },
  now: number
): { history: readonly Point[]; runs: HistoryRun[] } {
  const history = upTo(read.points, now);
  return { history, runs: history.length === read.points.length ? read.runs : runsUpTo(read.runs, history.length) };
}

const steady = (v: number): Point[] => [{ t: -Infinity, v }];

/**
 * One event's forecast input as a refresh plans it at its start: everything but the history, and the
 * history either read (`history`: a view without rings) or planned (`read`, copied with its runs when
 * the event is forecast).
 */
interface PlannedInput {
  event: CalendarEvent;
  read: HistoryRead | undefined;
  history: readonly Point[];
  resources: ResourceLoad[];
  observedPeak: number | undefined;
  /** The SLOs' ratios, one array for every event of the refresh. */
  slos: EventForecastInput['slos'];
}

/**
 * Each chosen event's input, planned at once: the same `now`, the same rings, no sample after `now`.
 * A view with titleRead (the rings) is planned without copying a point (HistoryRead); other views'
 * series are read here. Each resource's demand is the platform's load outside the event's title,
 * held as it is, plus the title's forecast viewers times its load per viewer (see resourceDemands).
 */
function planInputs(input: RefreshInput): PlannedInput[] {
  const { now, view } = input;
  const demands = resourceDemands(view.total, input.capacity, view.segmentLoad);
  const slos = [
    { slo: 'login_success' as const, ratio: view.loginSuccess, objective: input.objectives.login_success },
    { slo: 'segment_errors' as const, ratio: view.segmentErrors, objective: input.objectives.segment_errors },
  ];
  // A read holds its rings until released: if planning throws, the reads made so far are released
  // here (else each ring would keep every point it pushes out, for ever).
  const reads: HistoryRead[] = [];
  try {
    return chosenEvents(input.events, now).map((event) => planOne(input, demands, slos, event, reads));
  } catch (err) {
    for (const read of reads) read.release();
    throw err;
  }
}

/** One event's input planned; its read, if any, is noted in `reads` at once, so a throw after it releases it. */
function planOne(
  input: RefreshInput,
  demands: ReturnType<typeof resourceDemands>,
  slos: PlannedInput['slos'],
  event: CalendarEvent,
  reads: HistoryRead[]
): PlannedInput {
  const { now, view } = input;
  const since = historySince(event, now);
  const read = view.titleRead?.(event.title, since);
  if (read) reads.push(read);
  const history = read ? [] : upTo(view.titleSeries(event.title, since) ?? [], now);
  const titleNow = (read ? read.lastUpTo(now) : history[history.length - 1])?.v ?? 0;
  const resources: ResourceLoad[] = demands.map((d) => {
    const title = d.title(event.title, titleNow);
    return {
      resource: d.resource,
      rest: Math.max(0, d.now - title.now),
      perViewer: title.perViewer,
      capacity: input.steps?.get(d.resource) ?? steady(d.capacity),
    };
  });
  const observedPeak = now >= event.start ? view.titlePeak(event.title, event.start, now) : undefined;
  return { event, read, history, resources, observedPeak, slos };
}

/** A planned input's history copied (and its rings released): the input eventForecast reads. */
function completed(input: RefreshInput, plan: PlannedInput): EventForecastInput {
  let { history } = plan;
  let runs: HistoryRun[] | undefined;
  if (plan.read) {
    ({ history, runs } = cutAt({ points: plan.read.points(), runs: plan.read.runs }, input.now));
    plan.read.release();
  }
  const { view } = input;
  return {
    event: plan.event,
    now: input.now,
    history,
    ...(runs && input.memo ? { historyRuns: runs } : {}),
    observedPeak: plan.observedPeak,
    leading: view.leading,
    pastEvents: input.past,
    resources: plan.resources,
    slos: plan.slos,
    ...(input.memo ? { memo: input.memo } : {}),
  };
}

/** Each chosen event's forecast input, read from the view at once (planInputs, each history copied). */
export function forecastInputs(input: RefreshInput): EventForecastInput[] {
  const plans = planInputs(input);
  try {
    return plans.map((plan) => completed(input, plan));
  } finally {
    for (const plan of plans) plan.read?.release(); // those a throw left planned (release is once)
  }
}

const snapshotOf = (input: RefreshInput, forecasts: EventForecast[]): ForecastSnapshot => ({
  computedAt: input.now,
  forecasts,
  observedPeaks: [...input.observed],
  objectives: input.objectives,
});

/** One refresh, in one go: each chosen event through the one forecast (core eventForecast). */
export function computeForecasts(input: RefreshInput): ForecastSnapshot {
  return snapshotOf(input, forecastInputs(input).map(eventForecast));
}

/**
 * Longest stretch a refresh computes without letting the event loop run (issue 14: no stall over 50 ms).
 * 5 ms, not 10: on a loaded machine (load ~7, 2 cores) 10 ms slices let the loop wait 25 ms (median).
 */
export const REFRESH_SLICE_MS = 5;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * computeForecasts in slices: the inputs are planned at once (one consistent snapshot: the rings may
 * take samples meanwhile, the forecasts do not see them; each title's points are copied in the slice
 * that forecasts it, HistoryRead), then events are forecast until `sliceMs` has passed, and the event
 * loop runs (sampling, scrapes, ingest) before the next slice. The same snapshot as computeForecasts.
 */
export async function computeForecastsSliced(
  input: RefreshInput,
  sliceMs = REFRESH_SLICE_MS
): Promise<ForecastSnapshot> {
  const plans = planInputs(input);
  const forecasts: EventForecast[] = [];
  try {
    let sliceStart = performance.now();
    for (const plan of plans) {
      if (performance.now() - sliceStart >= sliceMs) {
        await nextTurn();
        sliceStart = performance.now();
      }
      forecasts.push(eventForecast(completed(input, plan)));
    }
  } finally {
    // A forecast that threw leaves the later reads planned: their rings must not keep points for them.
    for (const plan of plans) plan.read?.release();
  }
  return snapshotOf(input, forecasts);
}
