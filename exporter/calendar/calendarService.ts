import type { Router } from 'express';
import type pino from 'pino';
import type { Registry } from 'prom-client';
import type { CalendarEvent } from '../../core/calendar/event';
import {
  byStartThenId,
  sortedEventsInWindow,
  windowRange,
  type EventWindow,
  type InstantRange,
} from '../../core/calendar/eventWindow';
import { buildKindMapping } from '../../core/calendar/kindMapping';
import { EventMerger } from '../../core/calendar/merge';
import { EMPTY_CAPACITY, type Capacity } from '../../core/capacity/capacity';
import { capacityAt } from '../../core/capacity/capacityAt';
import { registerCalendarMetrics } from './calendarMetrics';
import { createCalendarRouter } from './calendarRouter';
import type { CalendarConfig } from './config';
import { sortCooperatively } from './cooperativeSort';
import { createYielder } from './cooperativeYield';
import { DemoSource } from './demoSource';
import { FileSource } from './fileSource';
import { HttpSource } from './httpSource';
import { SourceState, type SourceDeps } from './sourceState';
import type { SourceStatus } from './sourceStatus';

export interface CalendarServiceOptions {
  config: CalendarConfig;
  logger: pino.Logger;
  registry: Registry;
  /** Receives the titles of the events in the window after every change, for the cardinality guard. */
  onTitles: (titles: string[]) => void;
  now?: () => number;
}

export interface CalendarService {
  /** First load of every source. Never throws: a bad source is reported and kept at its last good. */
  start(): Promise<void>;
  stop(): void;
  /** Reloads every source now (SIGHUP). */
  reload(): Promise<void>;
  /** Merged events inside the window, by start. */
  events(): CalendarEvent[];
  /** The capacity file's last good version; resolve it at an instant with `capacityAt`. */
  capacity(): Capacity;
  /** Health of every source, redacted. */
  statuses(): SourceStatus[];
  /** Events in the window past calendar.limits.maxEvents, not exported (the farthest from now). */
  overLimit(): number;
  router: Router;
}

type Source = FileSource | HttpSource | DemoSource;

const MAX_EVENTS_WARNING = 2000;

/** How far an event is from `now`: 0 while it runs. The nearest are kept when the window is over its limit. */
const distanceFromNow = (e: CalendarEvent, now: number): number =>
  e.start > now ? e.start - now : e.end < now ? now - e.end : 0;

/** The `limit` events nearest to now, still by start; and how many were left out. */
function nearest(events: CalendarEvent[], limit: number, now: number): { kept: CalendarEvent[]; over: number } {
  if (events.length <= limit) return { kept: events, over: 0 };
  const kept = [...events]
    .sort((a, b) => distanceFromNow(a, now) - distanceFromNow(b, now))
    .slice(0, limit)
    .sort(byStartThenId);
  return { kept, over: events.length - limit };
}

export function createCalendarService(opts: CalendarServiceOptions): CalendarService {
  const { config, logger } = opts;
  const now = opts.now ?? Date.now;
  const window: EventWindow = { lookBehindMs: config.window.lookBehind, lookAheadMs: config.window.lookAhead };
  const kinds = buildKindMapping(config.kinds);
  // Expand a little past the window, so it stays covered until the next re-expansion.
  const expansionRange = (): InstantRange => {
    const r = windowRange(window, now());
    return { from: r.from - 86_400_000, to: r.to + config.reexpandInterval + 86_400_000 };
  };

  let merged: CalendarEvent[] = []; // sorted by start
  // Scrapes read the window several times (one per gauge): computed once per second of `now`.
  let windowCache: { second: number; events: CalendarEvent[]; over: number } | undefined;
  let lastTitles = '';
  const { limits } = config;
  /** A source's parse settings: its own defaultKind and kinds words over the calendar's. */
  const depsFor = (own: {
    defaultKind?: CalendarConfig['defaultKind'];
    kinds?: CalendarConfig['kinds'];
  }): SourceDeps => {
    const sourceKinds = own.kinds ? buildKindMapping({ ...config.kinds, ...own.kinds }) : kinds;
    return {
      logger,
      now,
      onChange: () => void remerge(),
      maxEvents: limits.maxEventsPerSource,
      context: (source) => ({
        source,
        range: expansionRange(),
        kinds: sourceKinds,
        defaultKind: own.defaultKind ?? config.defaultKind,
        timeZone: config.timeZone,
        yielder: createYielder(),
        maxOccurrences: limits.maxOccurrencesPerSeries,
      }),
    };
  };
  const deps = depsFor({});

  const sources: Source[] = config.sources.map((s) => {
    if ('file' in s) return new FileSource(new SourceState(s.name, 'file', depsFor(s), s.file), s.file);
    if ('url' in s)
      return new HttpSource(
        new SourceState(s.name, 'url', depsFor(s), s.name, [s.url, ...Object.values(s.headers)]),
        s
      );
    return new DemoSource(new SourceState(s.name, 'demo', deps, s.name), now(), s.demo.firstStartsIn);
  });
  const capacitySource = config.capacity
    ? new FileSource(
        new SourceState(config.capacity.name, 'capacity', deps, config.capacity.file, [], true),
        config.capacity.file,
        'yaml'
      )
    : undefined;
  const all: Source[] = capacitySource ? [...sources, capacitySource] : sources;

  let mergeVersion = 0;
  /** Merges all sources between event-loop turns (a large ICS expands to tens of thousands). */
  async function remerge(): Promise<void> {
    const version = ++mergeVersion;
    const yielder = createYielder();
    const merger = new EventMerger();
    for (const [rank, s] of sources.entries()) {
      for (const e of s.state.lastGood?.events ?? []) {
        merger.add({ ...e, sourceRank: rank });
        await yielder.maybeYield();
      }
    }
    if (version !== mergeVersion) return; // a newer merge started meanwhile and will finish the job
    const sorted = await sortCooperatively(merger.events(), byStartThenId, yielder);
    if (version !== mergeVersion) return;
    merged = sorted;
    windowCache = undefined;
    for (const d of merger.duplicates.slice(0, 10)) {
      const winner = sources[d.winnerRank]?.state.status.name;
      const loser = sources[d.loserRank]?.state.status.name;
      if (winner !== loser) logger.debug({ event: d.id, winner, loser }, 'duplicate calendar event merged');
    }
    // Each step below is linear in tens of thousands of events: a turn of its own, never all in one.
    await yielder.maybeYield();
    const inWindow = events();
    await yielder.maybeYield();
    const over = overLimit();
    if (over > 0) {
      logger.warn(
        { events: inWindow.length + over, exported: inWindow.length, maxEvents: limits.maxEvents },
        'calendar events in the window are over calendar.limits.maxEvents: the farthest from now are not exported'
      );
    } else if (inWindow.length > MAX_EVENTS_WARNING) {
      logger.warn(
        { events: inWindow.length },
        'many calendar events in the window: each one is four series; shorten the window'
      );
    }
    const titles = [...new Set(inWindow.map((e) => e.title))].sort();
    await yielder.maybeYield();
    const key = titles.join('\n');
    if (key !== lastTitles) {
      lastTitles = key;
      opts.onTitles(titles);
    }
  }

  let reexpandTimer: NodeJS.Timeout | undefined;
  const reexpand = async (): Promise<void> => {
    for (const s of sources) await s.state.serial(() => s.state.reexpand());
    await remerge();
  };

  const windowed = (): { events: CalendarEvent[]; over: number } => {
    const second = Math.floor(now() / 1000);
    if (windowCache?.second !== second) {
      const { kept, over } = nearest(sortedEventsInWindow(merged, window, now()), limits.maxEvents, now());
      windowCache = { second, events: kept, over };
    }
    return windowCache;
  };
  const events = (): CalendarEvent[] => windowed().events;
  const overLimit = (): number => windowed().over;
  const capacity = (): Capacity => capacitySource?.state.lastGood?.capacity ?? EMPTY_CAPACITY;
  const statuses = (): SourceStatus[] => all.map((s) => ({ ...s.state.status }));

  registerCalendarMetrics(opts.registry, {
    events,
    capacityNow: () => capacityAt(capacity(), now()),
    statuses,
    overLimit,
  });
  const router = createCalendarRouter({ now, range: () => windowRange(window, now()), events, capacity, statuses });

  const reload = async (): Promise<void> => {
    await Promise.all(all.map((s) => s.load()));
    await remerge();
  };

  return {
    async start() {
      await reload();
      for (const s of all) {
        if (s instanceof FileSource) s.watch((message) => logger.warn({ source: s.state.status.name }, message));
        if (s instanceof HttpSource) s.startPolling();
      }
      reexpandTimer = setInterval(() => void reexpand(), config.reexpandInterval);
      reexpandTimer.unref();
      const held = all.map((s) => `${s.state.status.name}=${s.state.status.ok ? 'ok' : 'failed'}`).join(' ');
      logger.info({ events: events().length, capacity: capacity().resources.length }, `calendar started: ${held}`);
    },
    stop() {
      clearInterval(reexpandTimer);
      for (const s of all) if (!(s instanceof DemoSource)) s.stop();
    },
    reload,
    events,
    capacity,
    statuses,
    overLimit,
    router,
  };
}
