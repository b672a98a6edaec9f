import type { Registry } from 'prom-client';
import type pino from 'pino';
import type { CalendarEvent } from '../../core/calendar/event';
import type { HistorySnapshot, RecentSeries } from '../../core/history/snapshot';
import { eventBaseline, pointsBetween } from '../../core/forecast';
import { SeriesStore } from './seriesStore';
import { TieredSeries } from './tieredSeries';
import { registerForecastMetrics } from './collector';
import { computeForecasts } from './refresh';
import { modelClock } from './modelClock';
import { MAX_SAMPLED_CDNS, MAX_SAMPLED_PAIRS, segmentRatesBetween } from './segmentRates';
import { MAX_CDN_RESOURCES, type CapacityNow, type SegmentLoad } from './resourceDemand';
import { emptySnapshot, type ForecastSnapshot } from './forecastSnapshot';
import { downsample, loadEventHistory, saveEventHistory, toPastEvent, type EventRecord } from './eventHistory';
import type { TelemetrySample } from '../state/telemetrySample';

export interface ForecastServiceOptions {
  registry: Registry;
  logger: pino.Logger;
  sample: () => TelemetrySample;
  events: () => CalendarEvent[];
  capacity: () => CapacityNow;
  /** The capacity planned at a wall-clock instant; events are read against the limits at their start. */
  capacityAt?: (wall: number) => CapacityNow;
  historyFile?: string;
  refreshMs?: number;
  sampleMs?: number;
  now?: () => number;
  /** Titles remembered at once (least recently seen dropped beyond it). */
  maxTitles?: number;
  /** Forecast minutes per wall minute: a replay's speed, so forecasts run on the replay's clock (default 1). */
  timeScale?: number;
}

export interface ForecastService {
  start(): void;
  stop(): Promise<void>;
  recent(): HistorySnapshot;
  /** One sample now (what the sample timer does). */
  sampleOnce(): void;
  /** One refresh now (what the refresh timer does), including recording events that ended. */
  refreshOnce(): Promise<void>;
  snapshot(): ForecastSnapshot;
}

/** Segment rates per title and CDN are taken over this many sample intervals. */
const SEGMENT_RATE_SAMPLES = 4;

/** Past events shown as launchday_event_observed_peak_viewers: the most recent ones. */
const OBSERVED_SHOWN = 50;

/**
 * Samples the exporter's state into bounded rings, refreshes forecasts on its own timer (never on a
 * scrape), and records each ended event's curve and peak in the event-history file.
 */
export function createForecastService(opts: ForecastServiceOptions): ForecastService {
  const now = opts.now ?? Date.now;
  const clock = modelClock(now(), opts.timeScale);
  const refreshMs = opts.refreshMs ?? 30_000;
  const sampleMs = opts.sampleMs ?? 15_000;
  const titles = new SeriesStore(opts.maxTitles ?? 2000);
  const platform = {
    viewers: new TieredSeries(),
    loginSuccess: new TieredSeries(),
    segmentErrors: new TieredSeries(),
    capacityViewers: new TieredSeries(),
  };
  const rates: { logins: number; segments: number; segmentLoad?: SegmentLoad } = { logins: 0, segments: 0 };
  let previous: (TelemetrySample & { t: number }) | undefined;
  const segmentCounts: {
    t: number;
    counts: NonNullable<TelemetrySample['segmentRequestsByTitleCdn']>;
    viewers: TelemetrySample['viewersByTitle'];
    total: number;
  }[] = [];
  /** Each title's requests per viewer per CDN when last seen streaming (at most maxTitles titles). */
  const knownPerViewer = new Map<string, Map<string, number>>();
  let history: EventRecord[] = [];
  let historyLoaded: Promise<void> | undefined;
  let current = emptySnapshot();
  let timers: NodeJS.Timeout[] = [];
  let pending: Promise<void> = Promise.resolve();
  let lastDropped = 0;
  let warnedLeftOut = false;
  let warnedCdnCapacity = false;

  registerForecastMetrics(opts.registry, () => current);

  const safely = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      opts.logger.warn({ err }, `forecast: ${what} failed`);
      return undefined;
    }
  };

  function sampleOnce(): void {
    const s = safely('sample', opts.sample);
    if (!s) return;
    const wall = now();
    // Rings hold forecast (model) time; rates stay per wall second, as capacities are.
    const t = clock.toModel(wall);
    for (const [title, v] of s.viewersByTitle) titles.push(title, t, v);
    if (titles.dropped > lastDropped) {
      opts.logger.warn(
        { dropped: titles.dropped - lastDropped, kept: titles.maxSeries },
        'forecast: too many titles, least recent forgotten'
      );
      lastDropped = titles.dropped;
    }
    platform.viewers.push(t, s.totalViewers);
    const cap = safely('capacity', opts.capacity);
    if (cap?.viewers !== undefined) platform.capacityViewers.push(t, cap.viewers);
    if (previous && wall > previous.t) {
      const dt = (wall - previous.t) / 1000;
      const attempts = s.loginAttempts - previous.loginAttempts;
      const failures = s.loginFailures - previous.loginFailures;
      const requests = s.segmentRequests - previous.segmentRequests;
      const segFailures = s.segmentFailures - previous.segmentFailures;
      // A counter that went down was reset (restart): skip that interval rather than record a negative rate.
      if (attempts >= 0 && failures >= 0) {
        rates.logins = attempts / dt;
        if (attempts > 0) platform.loginSuccess.push(t, 1 - failures / attempts);
      }
      if (requests >= 0 && segFailures >= 0) {
        rates.segments = requests / dt;
        if (requests > 0) platform.segmentErrors.push(t, segFailures / requests);
      }
    }
    sampleSegmentRates(s, wall);
    previous = { ...s, t: wall };
  }

  /** Per title and CDN, over the last few samples: a title's share of one CDN may be a handful of requests a sample. */
  function sampleSegmentRates(s: TelemetrySample, t: number): void {
    const counts = s.segmentRequestsByTitleCdn;
    if (!counts || t <= (segmentCounts[segmentCounts.length - 1]?.t ?? -Infinity)) return;
    segmentCounts.push({ t, counts, viewers: s.viewersByTitle, total: s.totalViewers });
    if (segmentCounts.length > SEGMENT_RATE_SAMPLES + 1) segmentCounts.shift();
    const oldest = segmentCounts[0] as (typeof segmentCounts)[number];
    if (oldest.t === t) return;
    const result = segmentRatesBetween(oldest.counts, counts, (t - oldest.t) / 1000);
    // A counter that went down was reset (restart): start the window again from this sample.
    if (result === 'reset') segmentCounts.splice(0, segmentCounts.length - 1);
    if (!result || result === 'reset') return;
    // Mean viewers over the same intervals (each interval's closing sample), so rate ÷ viewers is per viewer.
    const window = segmentCounts.slice(1);
    const titleViewers = new Map<string, number>();
    for (const title of result.rates.keys()) {
      let sum = 0;
      for (const w of window) sum += w.viewers.get(title) ?? 0;
      titleViewers.set(title, sum / window.length);
    }
    for (const [title, byCdn] of result.rates) {
      const mean = titleViewers.get(title) ?? 0;
      let sum = 0;
      for (const r of byCdn.values()) sum += r;
      if (!(mean > 0 && sum > 0)) continue;
      knownPerViewer.delete(title); // re-inserted: the map stays ordered by last seen
      knownPerViewer.set(title, new Map([...byCdn].map(([cdn, r]) => [cdn, r / mean])));
      if (knownPerViewer.size > titles.maxSeries) knownPerViewer.delete(knownPerViewer.keys().next().value as string);
    }
    rates.segmentLoad = {
      rates: result.rates,
      titleViewers,
      totalViewers: window.reduce((a, w) => a + w.total, 0) / window.length,
      knownPerViewer,
    };
    if (result.leftOut && !warnedLeftOut) {
      warnedLeftOut = true;
      opts.logger.warn(
        { leftOut: result.leftOut, maxCdns: MAX_SAMPLED_CDNS, maxPairs: MAX_SAMPLED_PAIRS },
        'forecast: too many CDNs or (title, CDN) pairs in the segment counters, the rest left out of per-CDN forecasts'
      );
    }
  }

  async function loadHistory(): Promise<void> {
    if (!opts.historyFile) return;
    const loaded = await loadEventHistory(opts.historyFile, clock.toModel(now()));
    if (loaded.problem) opts.logger.error({ file: opts.historyFile }, `forecast: ${loaded.problem}`);
    history = loaded.records;
  }

  /** Record events that ended and have samples, once each; save atomically. */
  async function recordEnded(events: readonly CalendarEvent[], t: number): Promise<void> {
    const known = new Set(history.map((r) => r.id));
    const fresh: EventRecord[] = [];
    for (const e of events) {
      if (e.end > t || known.has(e.id)) continue;
      const series = titles.get(e.title);
      // A minute apart reaches back further; full resolution catches a peak between minutes.
      const points = series?.minutePoints() ?? [];
      const inEvent = [
        ...pointsBetween(points, e.start, e.end),
        ...pointsBetween(series?.points() ?? [], e.start, e.end),
      ];
      if (inEvent.length === 0) continue;
      fresh.push({
        id: e.id,
        title: e.title,
        kind: e.kind,
        t0: e.start,
        end: e.end,
        baseline: eventBaseline(points, e.start, e.start) ?? 0,
        observedPeak: Math.max(...inEvent.map((p) => p.v)),
        expectedPeak: e.expectedPeak,
        curve: downsample(pointsBetween(points, e.start - 3_600_000, e.end)),
      });
    }
    if (!fresh.length) return;
    history = [...history, ...fresh];
    if (opts.historyFile) {
      await saveEventHistory(opts.historyFile, history).catch((err) =>
        opts.logger.error(
          { err, file: opts.historyFile },
          'forecast: event history not saved (kept in memory, retried next refresh)'
        )
      );
    }
  }

  async function refreshOnce(): Promise<void> {
    historyLoaded ??= loadHistory();
    await historyLoaded;
    const t = clock.toModel(now());
    const events = (safely('events', opts.events) ?? []).map(clock.event);
    await recordEnded(events, t);
    const capacity = safely('capacity', opts.capacity) ?? {};
    if ((capacity.segmentsByCdn?.size ?? 0) > MAX_CDN_RESOURCES && !warnedCdnCapacity) {
      warnedCdnCapacity = true;
      opts.logger.warn(
        { declared: capacity.segmentsByCdn?.size, kept: MAX_CDN_RESOURCES },
        'forecast: too many segments:<cdn> capacities, only the first are forecast'
      );
    }
    const next = safely('refresh', () =>
      computeForecasts({
        now: t,
        events,
        titleSeries: (title, since) => titles.get(title)?.minutePoints(since),
        total: {
          viewers: platform.viewers.latest()?.v ?? 0,
          loginsPerSecond: rates.logins,
          segmentsPerSecond: rates.segments,
        },
        segmentLoad: rates.segmentLoad,
        capacity,
        capacityAt: opts.capacityAt && ((t) => opts.capacityAt!(clock.toWall(t))),
        past: history.filter((r) => r.baseline > 0).map(toPastEvent),
        observed: history.slice(-OBSERVED_SHOWN).map((r) => ({ event: r.id, value: r.observedPeak })),
      })
    );
    if (next)
      current =
        clock.scale === 1
          ? next
          : {
              ...next,
              computedAt: clock.toWall(next.computedAt),
              saturation: next.saturation.map((x) => ({ ...x, at: clock.toWall(x.at) })),
            };
  }

  function recent(): HistorySnapshot {
    const asSeries = (name: string, labels: Record<string, string>, s: TieredSeries): RecentSeries => {
      const points = s.points();
      return { name, labels, times: points.map((p) => p.t), values: points.map((p) => p.v) };
    };
    const series: RecentSeries[] = [];
    for (const title of titles.keys()) {
      const s = titles.get(title);
      if (s) series.push(asSeries('launchday_concurrent_viewers', { title }, s));
    }
    series.push(asSeries('login_success_ratio', {}, platform.loginSuccess));
    series.push(asSeries('segment_error_ratio', {}, platform.segmentErrors));
    series.push(asSeries('capacity_viewers', {}, platform.capacityViewers));
    // Samples are kept on the model clock; a replay's snapshot stays on it (see HistorySnapshot.timeScale).
    const events = (safely('events', opts.events) ?? []).map((e) => clock.event(e));
    const snapshot: HistorySnapshot = { now: clock.toModel(now()), series, events };
    if (clock.scale !== 1) snapshot.timeScale = clock.scale;
    return snapshot;
  }

  return {
    start() {
      if (timers.length) return;
      sampleOnce();
      const refresh = () => {
        pending = pending.then(refreshOnce).catch((err) => opts.logger.error({ err }, 'forecast: refresh failed'));
      };
      refresh();
      timers = [setInterval(sampleOnce, sampleMs), setInterval(refresh, refreshMs)];
      for (const timer of timers) timer.unref();
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      timers = [];
      await pending;
    },
    recent,
    sampleOnce,
    refreshOnce() {
      const run = pending.then(refreshOnce);
      pending = run.catch(() => undefined);
      return run;
    },
    snapshot: () => current,
  };
}
