import type { BandPoint, ForecastKind, PastEvent, Point } from './types';
import type { HorizonBand, LaunchTemplate, TemplateLibrary } from './template';
import { HORIZON_BUCKETS_MIN, bandPhase, classOfKind, templateFor } from './template';
import { EVENT_WINDOW_MIN } from './eventWindow';
import { median } from './quantile';
import { lowerBound, typicalStep, upperBound, valueAt } from './series';
import { nowcast } from './nowcast';
import { expectedLevel } from './expectedLevel';
import { eventForecast } from './eventForecast';
import type { EventKind } from '../calendar/event';

const MIN = 60_000;
const STEP_MIN = 5;
const START_MIN = -60;
/** A kind needs residuals from this many events for bands of its own; else it borrows its class's. */
const MIN_EVENTS = 3;
/** History handed to a forecast: enough for the seasonal baseline and the rolling residuals. */
export const HISTORY_MS = 8 * 1440 * MIN;

/** A real event with its series: what templates and bands are derived from. */
export interface ObservedEvent {
  kind: ForecastKind;
  t0: number;
  points: Point[];
  baseline?: number;
  peak?: number;
  windowEnd: number;
  /** Where it came from, for the template's `source`. */
  source: string;
}

/** The engine's forecast of one event from one origin, as the backtest and the derivation run it. */
export function forecastEvent(
  e: ObservedEvent,
  origin: number,
  method: 'launchday' | 'holt' | 'predict_linear' | 'seasonal_naive',
  pastEvents: readonly PastEvent[],
  library?: TemplateLibrary
): BandPoint[] {
  const history = e.points.slice(lowerBound(e.points, origin - HISTORY_MS), upperBound(e.points, origin));
  const stepMs = Math.max(MIN, Math.min(5 * MIN, typicalStep(e.points)));
  return nowcast(history, {
    now: origin,
    horizonMs: e.windowEnd - origin,
    stepMs,
    method,
    kind: e.kind,
    t0: e.t0,
    pastEvents,
    library,
  });
}

/**
 * The published median path of an event from an origin (core eventForecast, as the exporter runs it,
 * with the given library): what the bands are calibrated on, so they fit the path that is published
 * (anchored at the last observation, on the event's minute grid, without steps), not the raw model.
 * Re-login storms are not calendar kinds; eventForecast reads the kind only as a forecast kind.
 */
export function publishedMedian(
  e: ObservedEvent,
  origin: number,
  pastEvents: readonly PastEvent[],
  library: TemplateLibrary
): Point[] {
  const history = e.points.slice(lowerBound(e.points, origin - HISTORY_MS), upperBound(e.points, origin));
  const forecast = eventForecast({
    event: { id: e.source, title: e.source, kind: e.kind as EventKind, start: e.t0, end: e.windowEnd, timeZone: 'UTC' },
    now: origin,
    history,
    pastEvents,
    resources: [],
    slos: [],
    model: (h, o) => nowcast(h, { ...o, library }),
  });
  return forecast.path.map((b) => ({ t: b.t, v: b.p50 }));
}

/** Level ÷ what the series would have done without the event (as known at T0), on the template grid. */
function ratioCurve(e: ObservedEvent): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  const history = e.points.slice(lowerBound(e.points, e.t0 - HISTORY_MS));
  const expected = expectedLevel(history, e.t0, e.t0);
  for (let m = START_MIN; m <= EVENT_WINDOW_MIN[e.kind]; m += STEP_MIN) {
    const t = e.t0 + m * MIN;
    const v = valueAt(e.points, t);
    out.push(v === undefined || !expected ? undefined : v / expected.at(t));
  }
  return out;
}

/** Pointwise median of level ÷ baseline over the members, on a 5-minute grid from T-60m to the window end. */
export function buildTemplate(
  kind: ForecastKind,
  members: readonly ObservedEvent[],
  curveOf: (e: ObservedEvent) => (number | undefined)[] = ratioCurve
): LaunchTemplate | undefined {
  if (members.length === 0) return undefined;
  const curves = members.map(curveOf);
  const length = curves[0]?.length ?? 0;
  const ratio: number[] = [];
  let last = 1;
  for (let i = 0; i < length; i++) {
    const values = curves.map((c) => c[i]).filter((v): v is number => v !== undefined);
    last = values.length ? Math.round(median(values) * 1000) / 1000 : last;
    ratio.push(last);
  }
  const sources = [...new Set(members.map((m) => m.source))];
  return {
    kind,
    stepMin: STEP_MIN,
    startMin: START_MIN,
    windowMin: EVENT_WINDOW_MIN[kind],
    ratio,
    source: `median of ${members.length} real event(s): ${sources.join(', ')}`,
  };
}

/** The reference class an event is forecast with, as the backtest gives it: earlier events of its own source. */
const pastOf = (e: ObservedEvent, events: readonly ObservedEvent[]): PastEvent[] =>
  events
    .filter((x) => x !== e && x.source === e.source && x.windowEnd <= e.t0 - 1440 * MIN && x.baseline && x.peak)
    .map((x) => ({ kind: x.kind, baseline: x.baseline as number, observedPeak: x.peak as number }));

interface Residual {
  h: number;
  r: number;
  from: ObservedEvent;
}

/**
 * Quantile of values where each carries a weight (weights summing to the number of events), linear
 * between the weighted ranks' plotting positions (acc + w/2 + 1/2) / (total + 1).
 */
function weightedQuantile(items: readonly { v: number; w: number }[], q: number): number {
  const sorted = [...items].sort((a, b) => a.v - b.v);
  const total = sorted.reduce((a, x) => a + x.w, 0);
  let acc = 0;
  let prev: { v: number; at: number } | undefined;
  for (const x of sorted) {
    // Each event's rank read as i/(m+1) (m events, each weighing 1): the chance that a new event's
    // residual falls below the i-th of m exchangeable ones. The (i-0.5)/m reading covered a held-out
    // re-login at T0 0.67 of the time; this one 0.76 (bench:forecast, leave-one-out).
    const at = (acc + x.w / 2 + 0.5) / (total + 1);
    acc += x.w;
    if (at >= q) {
      if (!prev) return x.v;
      return prev.v + ((x.v - prev.v) * (q - prev.at)) / (at - prev.at);
    }
    prev = { v: x.v, at };
  }
  return (sorted[sorted.length - 1] as { v: number }).v;
}

/**
 * Horizon buckets of bands calibrated on leave-one-out residuals: their empirical α/2 and 1 − α/2
 * quantiles. Errors cluster by event (one event's residuals move together), so each event weighs the
 * same in its bucket: a 5-second stream counts no more than an hourly series. Ranks are read as
 * i/(m+1), the exchangeable chance for a new event (the split-conformal rounding up to a whole rank,
 * ceil((m+1)(1-α/2)), over-covered every class, 0.90-0.96 at several origins, and is not applied).
 */
function bandsOf(list: readonly Residual[], coverage: number): HorizonBand[] {
  const out: HorizonBand[] = [];
  let from = 0;
  for (const max of HORIZON_BUCKETS_MIN) {
    const inBucket = list.filter((x) => x.h > from && x.h <= max);
    from = max;
    if (inBucket.length < 5) continue;
    const perEvent = new Map<ObservedEvent, number>();
    for (const x of inBucket) perEvent.set(x.from, (perEvent.get(x.from) ?? 0) + 1);
    const weighted = (key: 'r' | 'h') => inBucket.map((x) => ({ v: x[key], w: 1 / (perEvent.get(x.from) as number) }));
    const upper = 1 - (1 - coverage) / 2;
    const round = (x: number) => Math.round(x * 10000) / 10000;
    out.push({
      maxHorizonMin: max,
      lo: round(weightedQuantile(weighted('r'), 1 - upper)),
      hi: round(weightedQuantile(weighted('r'), upper)),
      n: inBucket.length,
      atHorizonMin: round(weightedQuantile(weighted('h'), 0.5)),
    });
  }
  // Each bucket covers up to the next one's start, the last up to any horizon.
  const last = out[out.length - 1];
  if (last) last.maxHorizonMin = 1e9;
  return out;
}

/**
 * Templates per kind from all events; bands from leave-one-out residuals: each event is forecast
 * with templates built without it, and log(actual ÷ median) is kept per kind and per class (launch,
 * relogin), phase and horizon on a 5-minute grid (so a 5-second series weighs no more than a 5-minute
 * one). `coverage` is the central interval the bands give (P10..P90: 0.8).
 */
export function deriveLibrary(events: readonly ObservedEvent[], coverage = 0.8): TemplateLibrary {
  const kinds = [...new Set(events.map((e) => e.kind))].sort();
  const curves = new Map<ObservedEvent, (number | undefined)[]>();
  const curveOf = (e: ObservedEvent) => {
    let c = curves.get(e);
    if (!c) curves.set(e, (c = ratioCurve(e)));
    return c;
  };
  const build = (kind: ForecastKind, except?: ObservedEvent) =>
    buildTemplate(
      kind,
      events.filter((e) => e.kind === kind && e !== except),
      curveOf
    );
  const templates: TemplateLibrary['templates'] = {};
  for (const kind of kinds) templates[kind] = build(kind);

  const offsets = [-1440, -720, -180, -120, -60, -30, ...Array.from({ length: 13 }, (_, i) => i * 5)];
  const residuals = new Map<string, Residual[]>();
  const add = (key: string, entry: Residual) => {
    const list = residuals.get(key);
    if (list) list.push(entry);
    else residuals.set(key, [entry]);
  };
  for (const e of events) {
    // Every template built without the event: its own kind's, or (a launch kind alone in its kind)
    // the stand-in the forecast would borrow. A re-login alone in its kind adds no residuals.
    const library: TemplateLibrary = { templates: {}, bands: { pooled: [{ maxHorizonMin: 1e9, lo: 0, hi: 0, n: 0 }] } };
    for (const kind of kinds) library.templates[kind] = build(kind, e);
    if (!templateFor(library, e.kind)) continue;
    const past = pastOf(e, events);
    const cls = classOfKind(e.kind);
    for (const off of offsets) {
      const origin = e.t0 + off * MIN;
      const median50 = publishedMedian(e, origin, past, library);
      const phase = bandPhase(origin, e.t0);
      for (let t = Math.max(origin, e.t0) + STEP_MIN * MIN; t <= e.windowEnd; t += STEP_MIN * MIN) {
        const actual = valueAt(e.points, t);
        const f = valueAt(median50, t);
        if (actual === undefined || f === undefined || !(f > 0) || !(actual > 0)) continue;
        const entry = { h: (t - origin) / MIN, r: Math.log(actual / f), from: e };
        add(e.kind + phase, entry);
        add(cls + phase, entry);
      }
    }
  }
  const bands: TemplateLibrary['bands'] = {};
  for (const key of [...residuals.keys()].sort()) {
    const list = residuals.get(key) ?? [];
    const isClass = key.startsWith('launch') || key.startsWith('relogin');
    if (isClass || new Set(list.map((x) => x.from)).size >= MIN_EVENTS) bands[key] = bandsOf(list, coverage);
  }
  return { templates, bands };
}
