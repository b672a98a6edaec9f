import { join } from 'node:path';
import type {
  BandPoint,
  ForecastKind,
  ForecastMethod,
  ObservedEvent,
  PastEvent,
  Point,
  TemplateLibrary,
} from '../core/forecast';
import { EVENT_WINDOW_MIN, eventBaseline, forecastEvent, pointsBetween } from '../core/forecast';
import type { BacktestEvent } from './eventsFile';
import type { TimeZoneRule } from './timeZoneRules';
import { zoneFor } from './timeZoneRules';
import { readSeriesFile } from './seriesFile';
import { aggregate, scoreCase, type CaseScore, type MetricName, type SaturationCase } from './metrics';
import { publishedCase } from './publishedForecast';
import { rollingEvent, type RollingEvent } from './rollingStatus';

const MIN = 60_000;

export const ORIGINS = [
  { name: 'T-24h', offsetMin: -1440 },
  { name: 'T-1h', offsetMin: -60 },
  { name: 'T0', offsetMin: 0 },
  { name: 'T+5m', offsetMin: 5 },
  { name: 'T+15m', offsetMin: 15 },
  { name: 'T+30m', offsetMin: 30 },
  { name: 'T+1h', offsetMin: 60 },
] as const;
export type OriginName = (typeof ORIGINS)[number]['name'];

export const METHODS: readonly ForecastMethod[] = ['launchday', 'predict_linear', 'holt', 'seasonal_naive'];

/** Capacities tested, as fractions of each event's observed peak: two that are reached, one that is not. */
export const DEFAULT_CAPACITY_FRACTIONS = [0.8, 0.9, 1.1];

/**
 * Scored apart so a pooled median cannot hide one: launches (premiere, episode, live, game launches and
 * updates) and re-login storms (a mass disconnect, then the same audience coming back).
 */
export type EventClass = 'launch' | 'relogin';
export const EVENT_CLASSES: readonly EventClass[] = ['launch', 'relogin'];
export const classOf = (kind: ForecastKind): EventClass => (kind === 'relogin' ? 'relogin' : 'launch');

export interface ResultRow {
  class: EventClass;
  method: ForecastMethod;
  origin: OriginName;
  metric: MetricName;
  value: number | null;
}

export interface BacktestOptions {
  dir: string;
  events: readonly BacktestEvent[];
  tzRules?: readonly TimeZoneRule[];
  capacityFractions?: readonly number[];
  methods?: readonly ForecastMethod[];
  library?: TemplateLibrary;
  /** Per-event library (e.g. leave-one-out); wins over `library`. */
  libraryFor?: (item: LoadedEvent, all: readonly LoadedEvent[]) => TemplateLibrary;
  onProgress?: (done: number, total: number) => void;
  /**
   * Also score the published status at a rolling origin every this many minutes from T−1h to each
   * window's end (backtest/rollingStatus.ts): "saturates within 30 min" as a war room lives it.
   */
  rollingStepMin?: number;
}

export interface BacktestReport {
  results: ResultRow[];
  /** Events that could not be scored, with why. */
  skipped: { event: string; reason: string }[];
  /** Files with unreadable lines (counted, first shown). */
  warnings: string[];
  events: number;
  /** Events scored per class. */
  eventsByClass: Record<EventClass, number>;
  /** Saturation counts per `class|method` pooled over every origin (the table gives them per origin). */
  saturation: Record<string, { tp: number; fp: number; fn: number; leadsMin: number[] }>;
  /** Every scored case, for listings (false alarms, cases blind to the event so far). */
  cases: CaseRow[];
  /** Per scored event, the rolling-origin status claims and crossings (with `rollingStepMin`). */
  rolling?: (RollingEvent & { class: EventClass; event: string })[];
}

export interface CaseRow {
  class: EventClass;
  method: ForecastMethod;
  origin: OriginName;
  event: string;
  peakErrPct: number;
  peakRatio: number;
  /** Samples of the event after its T0 reading that the forecast had seen. */
  seenAfterT0: number;
  /** Capacities as fractions of the event's peak. */
  saturation: (SaturationCase & { fraction: number })[];
}

export interface LoadedEvent {
  event: BacktestEvent;
  points: Point[];
  windowEnd: number;
  baseline?: number;
  peak?: number;
}

/** Read every file named by the events once; an event whose file or series is missing is skipped, with a reason. */
export function loadEvents(dir: string, events: readonly BacktestEvent[], tzRules: readonly TimeZoneRule[] = []) {
  const files = new Map<string, Map<string, Point[]> | Error>();
  const warnings: string[] = [];
  const loaded: LoadedEvent[] = [];
  const skipped: BacktestReport['skipped'] = [];
  for (const event of events) {
    let file = files.get(event.file);
    if (!file) {
      try {
        const parsed = readSeriesFile(join(dir, event.file), zoneFor(event.file, tzRules));
        if (parsed.rejected.length) {
          const first = parsed.rejected[0];
          warnings.push(
            `${event.file}: ${parsed.rejected.length} unreadable line(s), first at line ${first?.line}: ${first?.text}`
          );
        }
        file = parsed.series;
      } catch (err) {
        file = err instanceof Error ? err : new Error(String(err));
      }
      files.set(event.file, file);
    }
    if (file instanceof Error) {
      skipped.push({ event: event.label, reason: file.message });
      continue;
    }
    const points = file.get(event.id);
    if (!points) {
      skipped.push({ event: event.label, reason: `no series "${event.id}" in ${event.file}` });
      continue;
    }
    const windowEnd = event.t0 + EVENT_WINDOW_MIN[event.kind] * MIN;
    const window = pointsBetween(points, event.t0, windowEnd);
    if (window.length === 0) {
      skipped.push({ event: event.label, reason: 'no samples inside the event window' });
      continue;
    }
    const peak = Math.max(...window.map((p) => p.v));
    loaded.push({ event, points, windowEnd, baseline: eventBaseline(points, event.t0, event.t0), peak });
  }
  return { loaded, skipped, warnings };
}

/** Reference class for an event: events of the file that had ended a day before its earliest origin. */
export function pastEventsFor(target: LoadedEvent, all: readonly LoadedEvent[]): PastEvent[] {
  const cutoff = target.event.t0 + ORIGINS[0].offsetMin * MIN;
  return all
    .filter((e) => e !== target && e.windowEnd <= cutoff && e.baseline !== undefined && e.peak !== undefined)
    .map((e) => ({ kind: e.event.kind, baseline: e.baseline as number, observedPeak: e.peak as number }));
}

export const toObserved = (l: LoadedEvent): ObservedEvent => ({
  kind: l.event.kind,
  t0: l.event.t0,
  points: l.points,
  baseline: l.baseline,
  peak: l.peak,
  windowEnd: l.windowEnd,
  source: l.event.file,
});

export function forecastCase(
  loaded: LoadedEvent,
  origin: number,
  method: ForecastMethod,
  pastEvents: PastEvent[],
  library?: TemplateLibrary
): BandPoint[] {
  return forecastEvent(toObserved(loaded), origin, method, pastEvents, library);
}

/** Every method at every origin over every event, scored and aggregated per (class, method, origin). */
export function runBacktest(opts: BacktestOptions): BacktestReport {
  const { loaded, skipped, warnings } = loadEvents(opts.dir, opts.events, opts.tzRules);
  const methods = opts.methods ?? METHODS;
  const fractions = opts.capacityFractions ?? DEFAULT_CAPACITY_FRACTIONS;
  const scores = new Map<string, CaseScore[]>();
  const cases: CaseRow[] = [];
  const total = loaded.length * ORIGINS.length;
  let done = 0;
  const rolling: NonNullable<BacktestReport['rolling']> = [];
  for (const item of loaded) {
    const past = pastEventsFor(item, loaded);
    const capacities = fractions.map((f) => f * (item.peak as number));
    const library = opts.libraryFor ? opts.libraryFor(item, loaded) : opts.library;
    if (opts.rollingStepMin && methods.includes('launchday'))
      rolling.push({
        class: classOf(item.event.kind),
        event: item.event.label,
        ...rollingEvent(item, past, capacities, library, opts.rollingStepMin),
      });
    for (const origin of ORIGINS) {
      const at = item.event.t0 + origin.offsetMin * MIN;
      for (const method of methods) {
        // launchday is scored as published (eventForecast: its path and its status rule's claim);
        // the baselines as their nowcast bands, their claim read off the band by the same rule.
        const published = method === 'launchday' ? publishedCase(item, at, past, capacities, library) : undefined;
        const band = published ? published.path : forecastCase(item, at, method, past, library);
        const score = scoreCase({
          points: item.points,
          t0: item.event.t0,
          windowEnd: item.windowEnd,
          origin: at,
          band,
          capacities,
          ...(published ? { p50At: published.p50At, red: published.red } : {}),
        });
        if (!score) continue;
        cases.push({
          class: classOf(item.event.kind),
          method,
          origin: origin.name,
          event: item.event.label,
          peakErrPct: score.peakErrPct,
          peakRatio: score.peakRatio,
          seenAfterT0: score.seenAfterT0,
          saturation: score.saturationCases.map((c) => ({ ...c, fraction: c.capacity / (item.peak as number) })),
        });
        const key = `${classOf(item.event.kind)}|${method}|${origin.name}`;
        const list = scores.get(key);
        if (list) list.push(score);
        else scores.set(key, [score]);
      }
      opts.onProgress?.(++done, total);
    }
  }
  const results: ResultRow[] = [];
  const saturation: BacktestReport['saturation'] = {};
  const eventsByClass: Record<EventClass, number> = { launch: 0, relogin: 0 };
  for (const item of loaded) eventsByClass[classOf(item.event.kind)]++;
  for (const cls of EVENT_CLASSES) {
    if (eventsByClass[cls] === 0) continue;
    for (const method of methods) {
      const all = ORIGINS.flatMap((o) => scores.get(`${cls}|${method}|${o.name}`) ?? []).map((s) => s.saturation);
      saturation[`${cls}|${method}`] = {
        tp: all.reduce((a, s) => a + s.tp, 0),
        fp: all.reduce((a, s) => a + s.fp, 0),
        fn: all.reduce((a, s) => a + s.fn, 0),
        leadsMin: all.flatMap((s) => s.leadsMin),
      };
      for (const origin of ORIGINS) {
        const metrics = aggregate(scores.get(`${cls}|${method}|${origin.name}`) ?? []);
        for (const [metric, value] of Object.entries(metrics))
          results.push({ class: cls, method, origin: origin.name, metric: metric as MetricName, value });
      }
    }
  }
  return {
    results,
    skipped,
    warnings,
    events: loaded.length,
    eventsByClass,
    saturation,
    cases,
    ...(opts.rollingStepMin ? { rolling } : {}),
  };
}
