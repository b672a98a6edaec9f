import type pino from 'pino';
import type { TelemetrySample } from '../state/telemetrySample';
import type { Point } from '../../core/forecast';
import { SeriesStore } from './seriesStore';
import { TieredSeries, TITLE_TIERS } from './tieredSeries';
import { createSegmentSampler } from './segmentSampler';
import type { CapacityNow } from './resourceDemand';
import type { ModelClock } from './modelClock';
import type { PlatformView } from './platformView';

/** A sample may carry session starts so far (a counter); the leading signal reads its rate. */
export type LeadingSample = TelemetrySample & { sessionStarts?: number };

export interface SamplerOptions {
  sample: () => LeadingSample;
  capacity: () => CapacityNow;
  clock: ModelClock;
  now: () => number;
  logger: pino.Logger;
  maxTitles: number;
}

/** The live SLO ratios are read over this many sample intervals: one interval is a handful of logins. */
const SLO_SAMPLES = 4;

/** How far back the leading signals are handed to the model. */
const LEADING_MS = 2 * 3600_000;

/**
 * Samples the exporter's own state into bounded rings: viewers per title and in all, the live SLO
 * ratios, per-second rates (logins, segments, and the leading signals: login attempts and session
 * starts) and segment load per title and CDN. Rings hold model time; rates stay per wall second.
 */
export function createSampler(opts: SamplerOptions) {
  const { clock, logger } = opts;
  const titles = new SeriesStore(opts.maxTitles, TITLE_TIERS);
  const platform = {
    viewers: new TieredSeries(),
    loginSuccess: new TieredSeries(),
    segmentErrors: new TieredSeries(),
    capacityViewers: new TieredSeries(),
    loginAttempts: new TieredSeries(),
    sessionStarts: new TieredSeries(),
  };
  const rates = { logins: 0, segments: 0 };
  const live: { loginSuccess?: number; segmentErrors?: number } = {};
  const segments = createSegmentSampler(opts.maxTitles, logger);
  let previous: (LeadingSample & { wall: number }) | undefined;
  /** The last few samples' counters, oldest first, for the live SLO ratios. */
  const counters: LeadingSample[] = [];
  let lastDropped = 0;

  const safely = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      logger.warn({ err }, `forecast: ${what} failed`);
      return undefined;
    }
  };

  function sampleOnce(): void {
    const s = safely('sample', opts.sample);
    if (!s) return;
    const wall = opts.now();
    const t = clock.toModel(wall);
    for (const [title, v] of s.viewersByTitle) titles.push(title, t, v);
    if (titles.dropped > lastDropped) {
      logger.warn(
        { dropped: titles.dropped - lastDropped, kept: titles.maxSeries },
        'forecast: too many titles, least recent forgotten'
      );
      lastDropped = titles.dropped;
    }
    platform.viewers.push(t, s.totalViewers);
    const cap = safely('capacity', opts.capacity);
    if (cap?.viewers !== undefined) platform.capacityViewers.push(t, cap.viewers);
    if (previous && wall > previous.wall) {
      const dt = (wall - previous.wall) / 1000;
      const attempts = s.loginAttempts - previous.loginAttempts;
      const failures = s.loginFailures - previous.loginFailures;
      const requests = s.segmentRequests - previous.segmentRequests;
      const segFailures = s.segmentFailures - previous.segmentFailures;
      // A counter that went down was reset (restart): skip that interval rather than record a negative rate.
      if (attempts >= 0 && failures >= 0) {
        rates.logins = attempts / dt;
        platform.loginAttempts.push(t, attempts / dt);
      }
      if (requests >= 0 && segFailures >= 0) {
        rates.segments = requests / dt;
      }
      if (s.sessionStarts !== undefined && previous.sessionStarts !== undefined) {
        const starts = s.sessionStarts - previous.sessionStarts;
        if (starts >= 0) platform.sessionStarts.push(t, starts / dt);
      }
    }
    segments.push(s, wall);
    sampleSlos(s);
    // The preview's strips show the ratios the status rule reads.
    if (live.loginSuccess !== undefined) platform.loginSuccess.push(t, live.loginSuccess);
    if (live.segmentErrors !== undefined) platform.segmentErrors.push(t, live.segmentErrors);
    previous = { ...s, wall };
  }

  /** Login success and segment errors over the last SLO_SAMPLES intervals; a counter reset restarts the window. */
  function sampleSlos(s: LeadingSample): void {
    const last = counters[counters.length - 1];
    if (last && (s.loginAttempts < last.loginAttempts || s.segmentRequests < last.segmentRequests)) counters.length = 0;
    counters.push(s);
    if (counters.length > SLO_SAMPLES + 1) counters.shift();
    const first = counters[0] as LeadingSample;
    const attempts = s.loginAttempts - first.loginAttempts;
    const requests = s.segmentRequests - first.segmentRequests;
    live.loginSuccess = attempts > 0 ? 1 - (s.loginFailures - first.loginFailures) / attempts : undefined;
    live.segmentErrors = requests > 0 ? (s.segmentFailures - first.segmentFailures) / requests : undefined;
  }

  /** The platform as this process alone sees it: the embedded source. */
  function view(): PlatformView {
    const t = clock.toModel(opts.now());
    const leading = (s: TieredSeries) => {
      const points = s.minutePoints(t - LEADING_MS);
      return points.length ? points : undefined;
    };
    return {
      titleSeries: (title, since) => titles.get(title)?.minutePoints(since),
      titleRead: (title, since) => titles.get(title)?.readHistory(since),
      titlePeak(title, since, until = Infinity) {
        const s = titles.get(title);
        if (!s) return undefined;
        let peak: number | undefined;
        for (const points of [s.points(since), s.minutePoints(since)])
          for (const p of points) if (p.t >= since && p.t <= until) peak = Math.max(peak ?? 0, p.v);
        return peak;
      },
      total: {
        viewers: platform.viewers.latest()?.v ?? 0,
        loginsPerSecond: rates.logins,
        segmentsPerSecond: rates.segments,
      },
      segmentLoad: segments.load(),
      loginSuccess: live.loginSuccess,
      segmentErrors: live.segmentErrors,
      leading: { loginAttempts: leading(platform.loginAttempts), sessionStarts: leading(platform.sessionStarts) },
    };
  }

  /** Every series kept, for the preview's snapshot. */
  function recentSeries(): { name: string; labels: Record<string, string>; points: Point[] }[] {
    const out: { name: string; labels: Record<string, string>; points: Point[] }[] = [];
    for (const title of titles.keys()) {
      const s = titles.get(title);
      if (s) out.push({ name: 'launchday_concurrent_viewers', labels: { title }, points: s.points() });
    }
    out.push({ name: 'login_success_ratio', labels: {}, points: platform.loginSuccess.points() });
    out.push({ name: 'segment_error_ratio', labels: {}, points: platform.segmentErrors.points() });
    out.push({ name: 'capacity_viewers', labels: {}, points: platform.capacityViewers.points() });
    return out;
  }

  return { sampleOnce, view, recentSeries, titles };
}

export type Sampler = ReturnType<typeof createSampler>;
