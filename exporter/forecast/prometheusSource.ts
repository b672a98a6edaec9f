import { z } from 'zod';
import type { Point } from '../../core/forecast';
import type { ModelClock } from './modelClock';
import type { PlatformView } from './platformView';

/** Where the summed series come from when several exporters share the traffic. */
export interface PrometheusSourceOptions {
  url: string;
  /** The rate() window, in seconds: a few scrape intervals. */
  rateWindowSeconds: number;
  /** One HTTP query's time limit. */
  timeoutMs: number;
  clock: ModelClock;
  fetch?: typeof fetch;
}

const MIN = 60_000;
/** How far back the leading signals are read. */
const LEADING_MS = 2 * 3600_000;
/** A title's recent viewers are read a model minute apart over this span (model time), as the embedded rings keep them. */
const RECENT_MS = 5 * 60 * MIN;
/**
 * Before it, 15-minute means (the embedded rings' oldest tier): eight days are 768 points a title, not
 * 11,520 (Prometheus refuses more than 11,000 points a series in one range query).
 */
const COARSE_MS = 15 * MIN;

const sample = z.tuple([z.number(), z.string()]);
const answer = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [
    z.object({
      resultType: z.literal('vector'),
      result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sample })),
    }),
    z.object({
      resultType: z.literal('matrix'),
      result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(sample) })),
    }),
  ]),
});
type Answer = z.infer<typeof answer>['data'];

/** A Prometheus HTTP API answer that is not a success says why; the refresh keeps the last forecast. */
export class PrometheusSourceError extends Error {}

/**
 * Reads the platform's totals from Prometheus's HTTP query API (`/api/v1/query`, `/api/v1/query_range`):
 * viewers per title summed over every exporter, the live SLO ratios and per-second rates from the
 * summed counters, segment rates per title and CDN. Instants come back on the wall clock and are put on
 * the model clock; rates stay per wall second, as capacities are.
 */
export function prometheusSource(opts: PrometheusSourceOptions) {
  const doFetch = opts.fetch ?? fetch;
  const w = `${opts.rateWindowSeconds}s`;
  const { clock } = opts;

  async function ask(path: string, params: Record<string, string>): Promise<Answer> {
    const response = await doFetch(new URL(path, opts.url), {
      method: 'POST',
      body: new URLSearchParams(params),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = answer.safeParse(body);
    if (!parsed.success) {
      const error = (body as { error?: unknown } | undefined)?.error;
      throw new PrometheusSourceError(
        `Prometheus ${path} answered HTTP ${response.status}${typeof error === 'string' ? `: ${error}` : ''} for ${params.query}`
      );
    }
    return parsed.data.data;
  }
  const instant = async (query: string, wall: number) => {
    const data = await ask('api/v1/query', { query, time: String(wall / 1000) });
    return data.resultType === 'vector' ? data.result.map((r) => ({ metric: r.metric, v: Number(r.value[1]) })) : [];
  };
  const scalar = async (query: string, wall: number) => {
    const v = (await instant(query, wall))[0]?.v;
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  };
  const range = async (query: string, fromWall: number, toWall: number, stepMs: number) => {
    // Steps counted back from the end, so the newest point is at `toWall` itself.
    const start = toWall - Math.ceil((toWall - fromWall) / stepMs) * stepMs;
    const data = await ask('api/v1/query_range', {
      query,
      start: String(start / 1000),
      end: String(toWall / 1000),
      step: String(Math.max(0.001, stepMs / 1000)),
    });
    if (data.resultType !== 'matrix') return [];
    return data.result.map((r) => ({
      metric: r.metric,
      points: r.values
        .map(([t, v]): Point => ({ t: clock.toModel(t * 1000), v: Number(v) }))
        .filter((p) => Number.isFinite(p.v)),
    }));
  };

  /**
   * Coarse means of each title's summed viewers over [fromWall, toWall), on steps aligned to whole
   * multiples of the step (so a point keeps its instant and value from one refresh to the next).
   */
  const coarse = async (fromWall: number, toWall: number, stepMs: number) => {
    const start = Math.ceil(fromWall / stepMs) * stepMs;
    const end = Math.floor((toWall - 1) / stepMs) * stepMs;
    if (!(end >= start)) return [];
    const data = await ask('api/v1/query_range', {
      query: `sum by (title) (avg_over_time(launchday_concurrent_viewers[${stepMs / 1000}s]))`,
      start: String(start / 1000),
      end: String(end / 1000),
      step: String(stepMs / 1000),
    });
    if (data.resultType !== 'matrix') return [];
    return data.result.map((r) => ({
      metric: r.metric,
      // Each mean covers the step before its instant: it is placed at the step's middle, as a ring's mean is.
      points: r.values
        .map(([t, v]): Point => ({ t: clock.toModel(t * 1000 - stepMs / 2), v: Number(v) }))
        .filter((p) => Number.isFinite(p.v)),
    }));
  };

  /** The platform at `wall`, with each title's viewers from `since` (model clock) on. */
  async function read(wall: number, since: number): Promise<PlatformView> {
    // A model minute apart over the recent span, as the embedded rings keep them; 15-minute means before.
    const step = MIN / clock.scale;
    const fromWall = Math.min(wall, clock.toWall(since));
    const recentWall = Math.max(fromWall, wall - RECENT_MS / clock.scale);
    const [recent, older, viewers, logins, segments, loginSuccess, segmentErrors, perCdn, leading] = await Promise.all([
      range('sum by (title) (launchday_concurrent_viewers)', recentWall, wall, step),
      coarse(fromWall, recentWall, COARSE_MS / clock.scale),
      scalar('sum(launchday_concurrent_viewers)', wall),
      scalar(`sum(rate(launchday_login_attempts_total[${w}]))`, wall),
      scalar(`sum(rate(launchday_segment_requests_total[${w}]))`, wall),
      scalar(
        `1 - sum(rate(launchday_login_failures_total[${w}])) / sum(rate(launchday_login_attempts_total[${w}]))`,
        wall
      ),
      scalar(
        `sum(rate(launchday_segment_failures_total[${w}])) / sum(rate(launchday_segment_requests_total[${w}]))`,
        wall
      ),
      instant(`sum by (title, cdn) (rate(launchday_segment_requests_total[${w}]))`, wall),
      range(`sum(rate(launchday_login_attempts_total[${w}]))`, wall - LEADING_MS / clock.scale, wall, step),
    ]);
    const titles = new Map(recent.map((s) => [s.metric.title ?? '', s.points]));
    for (const s of older) {
      const title = s.metric.title ?? '';
      const points = titles.get(title) ?? [];
      const first = points[0]?.t ?? Infinity;
      titles.set(title, [...s.points.filter((p) => p.t < first), ...points]);
    }
    const rates = new Map<string, Map<string, number>>();
    for (const r of perCdn) {
      const title = r.metric.title;
      const cdn = r.metric.cdn;
      if (title === undefined || cdn === undefined || !Number.isFinite(r.v)) continue;
      let row = rates.get(title);
      if (!row) rates.set(title, (row = new Map()));
      row.set(cdn, r.v);
    }
    const titleViewers = new Map([...titles].map(([title, points]) => [title, points[points.length - 1]?.v ?? 0]));
    return {
      titleSeries: (title, from) => titles.get(title)?.filter((p) => p.t >= from),
      titlePeak(title, from, until = Infinity) {
        let peak: number | undefined;
        for (const p of titles.get(title) ?? []) if (p.t >= from && p.t <= until) peak = Math.max(peak ?? 0, p.v);
        return peak;
      },
      total: { viewers: viewers ?? 0, loginsPerSecond: logins ?? 0, segmentsPerSecond: segments ?? 0 },
      segmentLoad: perCdn.length ? { rates, titleViewers, totalViewers: viewers ?? 0 } : undefined,
      loginSuccess,
      segmentErrors,
      leading: { loginAttempts: leading[0]?.points },
    };
  }

  return { read };
}
