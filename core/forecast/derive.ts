import type { BandPoint, ForecastKind, PastEvent, Point } from './types';
import type { HorizonBand, LaunchTemplate, TemplateLibrary } from './template';
import { HORIZON_BUCKETS_MIN, bandPhase } from './template';
import { EVENT_WINDOW_MIN } from './eventWindow';
import { lowerBound, median, quantile, typicalStep, valueAt } from './series';
import { nowcast } from './nowcast';

const MIN = 60_000;
const STEP_MIN = 5;
const START_MIN = -60;
/** A kind needs residuals from this many events for bands of its own; else it borrows the pooled ones. */
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
  const history = e.points.slice(lowerBound(e.points, origin - HISTORY_MS), lowerBound(e.points, origin + 1));
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

function ratioCurve(e: ObservedEvent): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  for (let m = START_MIN; m <= EVENT_WINDOW_MIN[e.kind]; m += STEP_MIN) {
    const v = valueAt(e.points, e.t0 + m * MIN);
    out.push(v === undefined || !e.baseline ? undefined : v / e.baseline);
  }
  return out;
}

/** Pointwise median of level ÷ baseline over the members, on a 5-minute grid from T-60m to the window end. */
export function buildTemplate(kind: ForecastKind, members: readonly ObservedEvent[]): LaunchTemplate | undefined {
  if (members.length === 0) return undefined;
  const curves = members.map(ratioCurve);
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

const asPast = (events: readonly ObservedEvent[]): PastEvent[] =>
  events
    .filter((e) => e.baseline && e.peak)
    .map((e) => ({ kind: e.kind, baseline: e.baseline as number, observedPeak: e.peak as number }));

function bandsOf(list: readonly { h: number; r: number }[], quantiles: [number, number]): HorizonBand[] {
  const out: HorizonBand[] = [];
  let from = 0;
  for (const max of HORIZON_BUCKETS_MIN) {
    const rs = list.filter((x) => x.h > from && x.h <= max).map((x) => x.r);
    from = max;
    if (rs.length < 5) continue;
    const round = (x: number) => Math.round(x * 10000) / 10000;
    out.push({
      maxHorizonMin: max,
      lo: round(quantile(rs, quantiles[0])),
      hi: round(quantile(rs, quantiles[1])),
      n: rs.length,
    });
  }
  // Each bucket covers up to the next one's start, the last up to any horizon.
  const last = out[out.length - 1];
  if (last) last.maxHorizonMin = 1e9;
  return out;
}

/**
 * Templates per kind from all events; bands from leave-one-out residuals: each event is forecast
 * with its kind's template built without it, and log(actual ÷ median) is kept per kind, phase and
 * horizon on a 5-minute grid (so a 5-second series weighs no more than a 5-minute one).
 */
export function deriveLibrary(
  events: readonly ObservedEvent[],
  quantiles: [number, number] = [0.05, 0.95]
): TemplateLibrary {
  const kinds = [...new Set(events.map((e) => e.kind))].sort();
  const byKind = (kind: ForecastKind, except?: ObservedEvent) => events.filter((e) => e.kind === kind && e !== except);
  const templates: TemplateLibrary['templates'] = {};
  for (const kind of kinds) templates[kind] = buildTemplate(kind, byKind(kind));

  const offsets = [-1440, -720, -180, -120, -60, -30, ...Array.from({ length: 13 }, (_, i) => i * 5)];
  const residuals = new Map<string, { h: number; r: number }[]>();
  const contributors = new Map<string, Set<ObservedEvent>>();
  const add = (key: string, entry: { h: number; r: number }, from: ObservedEvent) => {
    const list = residuals.get(key);
    if (list) list.push(entry);
    else residuals.set(key, [entry]);
    const who = contributors.get(key) ?? new Set<ObservedEvent>();
    contributors.set(key, who.add(from));
  };
  for (const e of events) {
    const others = byKind(e.kind, e);
    // A kind with one event has nothing to leave out to: its errors would be in-sample (near zero),
    // so it adds none, and borrows the pooled bands.
    const template = others.length ? buildTemplate(e.kind, others) : undefined;
    if (!template) continue;
    const library: TemplateLibrary = {
      templates: { [e.kind]: template },
      bands: { pooled: [{ maxHorizonMin: 1e9, lo: 0, hi: 0, n: 0 }] },
    };
    const past = asPast(events.filter((x) => x !== e));
    for (const off of offsets) {
      const origin = e.t0 + off * MIN;
      const median50 = forecastEvent(e, origin, 'launchday', past, library).map((b) => ({ t: b.t, v: b.p50 }));
      const phase = bandPhase(origin, e.t0);
      for (let t = Math.max(origin, e.t0) + STEP_MIN * MIN; t <= e.windowEnd; t += STEP_MIN * MIN) {
        const actual = valueAt(e.points, t);
        const f = valueAt(median50, t);
        if (actual === undefined || f === undefined || !(f > 0) || !(actual > 0)) continue;
        const entry = { h: (t - origin) / MIN, r: Math.log(actual / f) };
        add(e.kind + phase, entry, e);
        add('pooled' + phase, entry, e);
      }
    }
  }
  const bands: TemplateLibrary['bands'] = {};
  for (const key of [...residuals.keys()].sort()) {
    const list = residuals.get(key) ?? [];
    if (key.startsWith('pooled') || (contributors.get(key)?.size ?? 0) >= MIN_EVENTS)
      bands[key] = bandsOf(list, quantiles);
  }
  return { templates, bands };
}
