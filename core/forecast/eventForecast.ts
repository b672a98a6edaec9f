import type { CalendarEvent } from '../calendar/event';
import { headroom } from '../headroom';
import { eventStatus, RED_HORIZON_MS, sloBreached, type EventStatus, type SloName } from '../status';
import type { BandPoint, PastEvent, PeakBand, Point } from './types';
import { nowcast, type NowcastOptions } from './nowcast';
import type { ForecastMemo } from './forecastMemo';
import type { HistoryRuns } from './historyRuns';
import { forecastPeak } from './referenceClass';
import { crossingIn, stepAt } from './saturation';
import { observedTrend, trendReaches, type ObservedTrend } from './observedTrend';
import { eventWindow, gridTimes, type EventWindow } from './eventForecastWindow';
import { continuousPath, onGrid, orderedModelPoints, type PathPoint } from './eventForecastPath';

const MIN = 60_000;
/** An observation older than this does not anchor the path at now (the title went quiet). */
const ANCHOR_MAX_AGE_MS = 10 * MIN;

export const BANDS = ['p10', 'p50', 'p90'] as const;
export type Band = (typeof BANDS)[number];

/** How one resource's load follows the event's audience, and the capacity it is read against. */
export interface ResourceLoad {
  /** `viewers`, `logins`, `segments` or `segments:<cdn>`. */
  resource: string;
  /** The platform's load outside this event's title, held as it is now. */
  rest: number;
  /** The load one more viewer of the title brings (1 for viewers). */
  perViewer: number;
  /** Capacity in force over time: each limit holds from its t on (the first one also before it). */
  capacity: readonly Point[];
}

/** A live SLO: the ratio now (undefined without traffic) and its objective. */
export interface LiveSlo {
  slo: SloName;
  ratio?: number;
  objective: number;
}

/** Signals that ramp before the audience shows in viewers, per second, platform-wide. */
export interface LeadingSignals {
  loginAttempts?: readonly Point[];
  sessionStarts?: readonly Point[];
}

export interface EventForecastInput {
  event: CalendarEvent;
  now: number;
  /** The title's viewers summed over the platform (every exporter), about a sample a minute. */
  history: readonly Point[];
  /**
   * Where the history's points come from (HistoryRuns, the exporter's rings), for the memo: it then
   * finds what changed since its last forecast without reading every point. Absent: compared point by point.
   */
  historyRuns?: HistoryRuns;
  /** The highest sample since T0 at full resolution, which a minute series can miss; the peak's floor too. */
  observedPeak?: number;
  leading?: LeadingSignals;
  pastEvents?: readonly PastEvent[];
  resources: readonly ResourceLoad[];
  slos: readonly LiveSlo[];
  /** The forecast model; core/forecast's nowcast unless a test puts another (an adversarial one) here. */
  model?: (history: Point[], options: NowcastOptions) => BandPoint[];
  /**
   * Values kept from earlier forecasts of the same events (the caller keeps it between refreshes): the
   * forecast is the same with or without it, only faster.
   */
  memo?: ForecastMemo;
}

export type { PathPoint };

export interface EventForecast {
  event: string;
  window: EventWindow;
  /** Forecast peak in the window, never below the peak already observed in it; absent when nothing is known. */
  peak?: PeakBand;
  /** From now (or the window's start) to its end, on the T0-aligned grid. */
  path: PathPoint[];
  headroom: { resource: string; ratio: number }[];
  /** First crossing of each band over each resource's capacity within the window. */
  saturation: { resource: string; band: Band; at: number }[];
  status: EventStatus;
  binding?: string;
}

/** The model's band over the window, before the guards: nowcast on the grid's step. */
function modelBand(input: EventForecastInput, window: EventWindow): BandPoint[] {
  const { event, now } = input;
  const horizonMs = window.end - now;
  if (horizonMs <= 0 || input.history.length === 0) return [];
  const options: NowcastOptions = {
    now,
    horizonMs: horizonMs + window.stepMin * MIN,
    stepMs: window.stepMin * MIN,
    kind: event.kind,
    t0: event.start,
    end: event.end,
    pastEvents: input.pastEvents,
    expectedPeak: event.expectedPeak,
    // Only the window is published: an event a day away is not banded over the hours before it. One
    // step before the window's start is kept, so its first grid instant is read between two model points.
    from: window.start - window.stepMin * MIN,
    ...(input.leading ? { leading: input.leading } : {}),
    ...(input.memo ? { memo: input.memo.for(event.id) } : {}),
    ...(input.memo && input.historyRuns ? { historyRuns: input.historyRuns } : {}),
  };
  try {
    return (input.model ?? nowcast)(input.history as Point[], options); // read, never written
  } catch {
    return []; // a model failure leaves persistence, never a missing status
  }
}

/**
 * Scratch arrays for the crossing walk, grown to the longest path seen and reused: eventForecast is
 * synchronous, so one set serves every call (no four arrays per event of a refresh).
 */
let scratchArrays = {
  times: new Float64Array(0),
  p10: new Float64Array(0),
  p50: new Float64Array(0),
  p90: new Float64Array(0),
};
function scratch(n: number): typeof scratchArrays {
  if (scratchArrays.times.length < n) {
    const size = Math.max(n, 2 * scratchArrays.times.length);
    scratchArrays = {
      times: new Float64Array(size),
      p10: new Float64Array(size),
      p50: new Float64Array(size),
      p90: new Float64Array(size),
    };
  }
  return scratchArrays;
}

/** Highest value observed from T0 to now. */
function observedPeak(history: readonly Point[], t0: number, now: number): number | undefined {
  let peak: number | undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const p = history[i] as Point;
    if (p.t < t0) break;
    if (p.t <= now && Number.isFinite(p.v)) peak = Math.max(peak ?? 0, Math.max(0, p.v));
  }
  return peak;
}

function lastObservation(history: readonly Point[], now: number): Point | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const p = history[i] as Point;
    if (p.t <= now && Number.isFinite(p.t) && Number.isFinite(p.v)) return p;
  }
  return undefined;
}

/** The band on the grid: the model's, or persistence of the last value, or the plan with no series yet. */
function pathOf(input: EventForecastInput, window: EventWindow): PathPoint[] {
  const { event, now } = input;
  const times = gridTimes(window, event.start, now);
  if (times.length === 0) return [];
  // A title idling at 0 (new, not yet on air) tells the model nothing: the plan, if any, speaks instead.
  const silent = !input.history.some((p) => p.v > 0);
  const last = lastObservation(input.history, now);
  const planned = event.expectedPeak !== undefined && event.expectedPeak > 0;
  if (silent && planned) {
    // A new title: the plan, corrected by how past plans fared, from T0 on.
    const plan = forecastPeak({
      kind: event.kind,
      baseline: 0,
      expectedPeak: event.expectedPeak,
      history: input.pastEvents ?? [],
    });
    const from = times.filter((t) => t >= event.start);
    return continuousPath(from.map((t) => ({ t, minute: Math.round((t - event.start) / MIN), ...plan })));
  }
  if (!last) return [];
  const anchor = !silent && now - last.t <= ANCHOR_MAX_AGE_MS ? { t: now, v: last.v } : undefined;
  let points = silent ? [] : orderedModelPoints(modelBand(input, window), now);
  // No model answer: persistence of the last value (0 for a silent title).
  if (points.length === 0) points = [{ t: now, p10: last.v, p50: last.v, p90: last.v }];
  return continuousPath(onGrid(points, times, event.start, anchor), anchor);
}

function peakOf(path: readonly BandPoint[], seen: number | undefined): PeakBand | undefined {
  if (path.length === 0 && seen === undefined) return undefined;
  const floor = seen ?? 0;
  const peak = { p10: floor, p50: floor, p90: floor };
  for (const p of path) {
    if (p.p10 > peak.p10) peak.p10 = p.p10;
    if (p.p50 > peak.p50) peak.p50 = p.p50;
    if (p.p90 > peak.p90) peak.p90 = p.p90;
  }
  return peak;
}

/** 1 − demand ÷ capacity at the instant of the path where it is least (the P50 peak against the limit then). */
function headroomOf(r: ResourceLoad, path: readonly BandPoint[], peak: PeakBand, at: number): number {
  if (path.length === 0) return headroom(r.rest + peak.p50 * r.perViewer, stepAt(r.capacity, at) ?? 0);
  let least = Infinity;
  for (const p of path) {
    const cap = stepAt(r.capacity, p.t) ?? 0;
    // headroom() inlined: once per path point, resource and event of a refresh.
    least = Math.min(least, cap > 0 ? 1 - Math.max(0, r.rest + p.p50 * r.perViewer) / cap : -Infinity);
  }
  return least;
}

/**
 * The red rule's second signal for one resource: the observed ramp reaches the capacity within the
 * red horizon; or, before T0 (the ramp cannot show what the schedule brings), the P10 path does too.
 * Absent without a P50 crossing or an observed ramp.
 */
function supportOf(
  trend: ObservedTrend | undefined,
  r: ResourceLoad,
  now: number,
  start: number,
  p10At: number | undefined
): { supported?: boolean } {
  if (!trend) return {};
  const by = now + RED_HORIZON_MS;
  return { supported: trendReaches(trend, r, by) || (now < start && p10At !== undefined && p10At <= by) };
}

/**
 * The one forecast of an event: the path over its window (P10/P50/P90 on a T0-aligned minute grid),
 * the peak band, headroom and first saturation per resource, and the status by the one rule (core/status).
 * Whatever the model returns, the result keeps P10 ≤ P50 ≤ P90, a peak at least the observed one,
 * a path and crossings within the window, a path without steps, and crossings only where the path
 * reaches the capacity in force at that instant.
 */
export function eventForecast(input: EventForecastInput): EventForecast {
  const { event, now } = input;
  const window = eventWindow(event);
  const path = pathOf(input, window);
  const seen = observedPeak(input.history, event.start, now);
  const extra = now >= event.start && Number.isFinite(input.observedPeak) ? input.observedPeak : undefined;
  const peak = peakOf(path, extra === undefined ? seen : Math.max(seen ?? 0, Math.max(0, extra)));
  const saturation: EventForecast['saturation'] = [];
  const headrooms: EventForecast['headroom'] = [];
  const readings = [];
  const n = path.length;
  // The ramp seen so far, for the red rule's second signal; read only when a P50 crossing asks for it
  // (a title idling at 0 has none: its plan speaks alone).
  // (Read in the loop, not through a closure: tsx's keepNames names each closure made.)
  let trend: ObservedTrend | undefined | null = null;
  const { times, p10, p50, p90 } = scratch(n);
  for (let i = 0; i < n; i++) times[i] = (path[i] as BandPoint).t;
  for (const r of input.resources) {
    if (!r.capacity.some((c) => c.v > 0)) continue;
    // Each band's demand on this resource, once, into the scratch arrays.
    for (let i = 0; i < n; i++) {
      const p = path[i] as BandPoint;
      p10[i] = r.rest + p.p10 * r.perViewer;
      p50[i] = r.rest + p.p50 * r.perViewer;
      p90[i] = r.rest + p.p90 * r.perViewer;
    }
    const crossings: Partial<Record<Band, number>> = {};
    for (const band of BANDS) {
      const at = crossingIn(times, band === 'p10' ? p10 : band === 'p50' ? p50 : p90, n, r.capacity);
      if (at === undefined) continue;
      crossings[band] = at;
      saturation.push({ resource: r.resource, band, at });
    }
    if (!peak) continue;
    const ratio = headroomOf(r, path, peak, Math.max(now, event.start));
    if (crossings.p50 !== undefined && trend === null)
      trend = input.history.some((p) => p.v > 0) ? observedTrend(input.history, now) : undefined;
    headrooms.push({ resource: r.resource, ratio });
    readings.push({
      resource: r.resource,
      headroom: ratio,
      p50At: crossings.p50,
      p90At: crossings.p90,
      ...supportOf(crossings.p50 === undefined ? undefined : (trend ?? undefined), r, now, event.start, crossings.p10),
    });
  }
  // SLOs bind the events they hurt: live ones and those about to start.
  const live = now >= event.start - RED_HORIZON_MS && now < event.end;
  const slos = live ? input.slos.map((s) => ({ slo: s.slo, breached: sloBreached(s.slo, s.ratio, s.objective) })) : [];
  const { status, binding } = eventStatus({ now, resources: readings, slos });
  return {
    event: event.id,
    window,
    ...(peak ? { peak } : {}),
    path,
    headroom: headrooms,
    saturation,
    status,
    ...(binding ? { binding } : {}),
  };
}
