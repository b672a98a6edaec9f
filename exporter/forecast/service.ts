import type { Registry } from 'prom-client';
import type pino from 'pino';
import type { Capacity } from '../../core/capacity/capacity';
import type { CalendarEvent } from '../../core/calendar/event';
import type { HistorySnapshot } from '../../core/history/snapshot';
import { DEFAULT_SLO_OBJECTIVES, type SloObjectives } from '../../core/status';
import { registerForecastMetrics } from './collector';
import { capacitySteps } from './forecastCapacity';
import { ForecastMemo } from '../../core/forecast/forecastMemo';
import { chosenEvents, computeForecastsSliced, historySince, MAX_FORECAST_EVENTS } from './refresh';
import { createEventRecorder } from './eventRecorder';
import { modelClock } from './modelClock';
import { prometheusSource } from './prometheusSource';
import { recentSnapshot } from './recentSnapshot';
import { MAX_CDN_RESOURCES, type CapacityNow } from './resourceDemand';
import { createSampler, type LeadingSample } from './sampler';
import { createScheduler } from './scheduler';
import { emptySnapshot, type ForecastSnapshot } from './forecastSnapshot';

const MIN = 60_000;
/** Capacity steps are read this far ahead: the longest window of an event starting within a day. */
const STEPS_AHEAD_MS = 36 * 60 * MIN;

/** Where a refresh reads the platform: this process's own state, or every exporter's sums in Prometheus. */
export type ForecastSource =
  { kind: 'embedded' } | { kind: 'prometheus'; url: string; rateWindowSeconds: number; timeoutMs: number };

export interface ForecastServiceOptions {
  registry: Registry;
  logger: pino.Logger;
  sample: () => LeadingSample;
  events: () => CalendarEvent[];
  /** The limits in force now. */
  capacity: () => CapacityNow;
  /** The capacity plan (base limits and scheduled steps), so each forecast reads the limit in force at each instant. */
  capacityPlan?: () => Capacity;
  historyFile?: string;
  refreshMs?: number;
  sampleMs?: number;
  now?: () => number;
  /** Titles remembered at once (least recently seen dropped beyond it). */
  maxTitles?: number;
  /** Forecast minutes per wall minute: a replay's speed, so forecasts run on the replay's clock (default 1). */
  timeScale?: number;
  source?: ForecastSource;
  /** False on every exporter but the forecaster: it then samples (for its preview) and publishes nothing. */
  publish?: boolean;
  objectives?: SloObjectives;
  /**
   * Keep a ForecastMemo between refreshes (per event id, at most MAX_FORECAST_EVENTS, the least recently
   * forecast dropped; default true): the same forecasts (tests/forecast-memo-replay.test.ts, the
   * memo's property test). CPU a refresh: about a third less over bench:forecast's histories (built
   * title by title), 18% less over histories read from the rings as here (121 vs 147 ms, 500 events,
   * load 9; docs/forecast.md). Memory: ~17 KB an event in the bench's mix (8-day histories, running
   * events 20 min in; 10 MB for 600); more for a long-running event, whose template excess table holds
   * 9 values a sample since T0 with up to 1.5x slack (a premiere 11.5 h in at a sample a minute: ~93 KB,
   * 75 KB of it that table; the rings hold a minute apart only the last 3 h). `false` recomputes every value each refresh. It was off because
   * tests/sim-e2e.test.ts lost a red with it while no forecast differed: that check was sensitive to a
   * slow refresh, and samples every tick and refreshes every scrape since d65e1c7.
   */
  keepMemo?: boolean;
}

export interface ForecastService {
  start(): void;
  stop(): Promise<void>;
  recent(): HistorySnapshot;
  /** One sample now (what the sample timer does). */
  sampleOnce(): void;
  /** One refresh now (what the refresh timer does), including recording events that ended. */
  refreshOnce(): Promise<void>;
  /** The last published forecast, on the model clock. */
  snapshot(): ForecastSnapshot;
}

/**
 * The forecast in the exporter: a sampler fills bounded rings, a scheduler refreshes on its own timer
 * (never on a scrape), each refresh reads the platform (embedded or Prometheus), runs the one forecast
 * per event and publishes one snapshot; ended events go to the event history.
 */
export function createForecastService(opts: ForecastServiceOptions): ForecastService {
  const now = opts.now ?? Date.now;
  const clock = modelClock(now(), opts.timeScale);
  const logger = opts.logger;
  const source = opts.source ?? { kind: 'embedded' };
  const objectives = opts.objectives ?? DEFAULT_SLO_OBJECTIVES;
  const sampler = createSampler({
    sample: opts.sample,
    capacity: opts.capacity,
    clock,
    now,
    logger,
    maxTitles: opts.maxTitles ?? 2000,
  });
  const recorder = createEventRecorder({ file: opts.historyFile, logger, titles: sampler.titles });
  const prometheus = source.kind === 'prometheus' ? prometheusSource({ ...source, clock }) : undefined;
  const memo = opts.keepMemo === false ? undefined : new ForecastMemo(MAX_FORECAST_EVENTS);
  let current = emptySnapshot(objectives);
  let warnedCdnCapacity = false;

  if (opts.publish !== false) registerForecastMetrics(opts.registry, () => current, clock.toWall);

  const safely = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      logger.warn({ err }, `forecast: ${what} failed`);
      return undefined;
    }
  };

  async function refreshOnce(): Promise<void> {
    const events = (safely('events', opts.events) ?? []).map(clock.event);
    await recorder.recordEnded(events, clock.toModel(now()));
    if (opts.publish === false) return;
    // The refresh's instant is read after that await (it may save the history file) and right before
    // the view: the view's latest readings (the live SLO ratios, the totals) are then never newer than
    // the instant the forecast is published at.
    const wall = now();
    const t = clock.toModel(wall);
    const capacity = safely('capacity', opts.capacity) ?? {};
    if ((capacity.segmentsByCdn?.size ?? 0) > MAX_CDN_RESOURCES && !warnedCdnCapacity) {
      warnedCdnCapacity = true;
      logger.warn(
        { declared: capacity.segmentsByCdn?.size, kept: MAX_CDN_RESOURCES },
        'forecast: too many segments:<cdn> capacities, only the first are forecast'
      );
    }
    // What the forecasts read (refresh.ts), from the earliest of them.
    const since = Math.min(t, ...chosenEvents(events, t).map((e) => historySince(e, t)));
    let view;
    try {
      view = prometheus ? await prometheus.read(wall, since) : sampler.view();
    } catch (err) {
      logger.warn(
        { err, source: source.kind },
        'forecast: platform totals unavailable, the last forecast stays published'
      );
      return;
    }
    const plan = opts.capacityPlan && safely('capacity plan', opts.capacityPlan);
    const steps = plan ? capacitySteps(plan, wall, clock.toWall(t + STEPS_AHEAD_MS), clock.toModel) : undefined;
    let next: ForecastSnapshot | undefined;
    try {
      // In slices, the event loop running between them (a refresh of 600 events never stalls ingest).
      next = await computeForecastsSliced({
        now: t,
        events,
        view,
        capacity,
        steps,
        past: recorder.past(),
        observed: recorder.observed(),
        objectives,
        ...(memo ? { memo } : {}),
      });
    } catch (err) {
      logger.warn({ err }, 'forecast: refresh failed');
    }
    if (next) current = next;
  }

  const scheduler = createScheduler({
    sampleMs: opts.sampleMs ?? 15_000,
    refreshMs: opts.refreshMs ?? 30_000,
    sample: sampler.sampleOnce,
    refresh: refreshOnce,
    logger,
  });

  return {
    start: scheduler.start,
    stop: scheduler.stop,
    sampleOnce: sampler.sampleOnce,
    refreshOnce: scheduler.refreshNow,
    snapshot: () => current,
    recent: () =>
      recentSnapshot({
        // Samples are kept on the model clock; a replay's snapshot stays on it (see HistorySnapshot.timeScale).
        now: clock.toModel(now()),
        sampled: sampler.recentSeries(),
        published: current,
        events: (safely('events', opts.events) ?? []).map(clock.event),
        timeScale: clock.scale,
      }),
  };
}
