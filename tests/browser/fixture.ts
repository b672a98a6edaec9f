import type { HistorySnapshot, RecentSeries } from '../../core/history/snapshot';

export const NOW = Date.UTC(2026, 10, 22, 19, 0, 0);
const MIN = 60_000;

/** What the exporter publishes for one event (the headroom contract), as snapshot series sampled at `at`. */
export interface PublishedEvent {
  event: string;
  status: 'green' | 'amber' | 'red';
  binding: string;
  peak: { p10: number; p50: number; p90: number };
  path: Array<{ minute: number; p10: number; p50: number; p90: number }>;
  headroom: Record<string, number>;
  saturation: Array<{ resource: string; band: 'p10' | 'p50' | 'p90'; at: number }>;
}

export function publishedSeries(f: PublishedEvent, at: number): RecentSeries[] {
  const one = (name: string, labels: Record<string, string>, v: number): RecentSeries => ({
    name,
    labels: { event: f.event, ...labels },
    times: [at],
    values: [v],
  });
  const bands = ['p10', 'p50', 'p90'] as const;
  return [
    ...(['green', 'amber', 'red'] as const).map((s) =>
      one('launchday_event_status', { status: s }, s === f.status ? 1 : 0)
    ),
    one('launchday_event_binding_info', { resource: f.binding }, 1),
    ...bands.map((band) => one('launchday_forecast_peak_viewers', { band }, f.peak[band])),
    ...f.path.flatMap((p) =>
      bands.map((band) => one('launchday_forecast_path_viewers', { band, minute: String(p.minute) }, p[band]))
    ),
    ...Object.entries(f.headroom).map(([resource, v]) => one('launchday_forecast_headroom_ratio', { resource }, v)),
    ...f.saturation.map((s) =>
      one('launchday_forecast_saturation_timestamp_seconds', { resource: s.resource, band: s.band }, s.at / 1000)
    ),
  ];
}

/** The premiere's published forecast: red, viewers binding, its P50 crossing the 260k capacity. */
export const DRAGON_FORECAST: PublishedEvent = {
  event: 'premiere-dragon',
  status: 'red',
  binding: 'viewers',
  peak: { p10: 240_000, p50: 300_000, p90: 380_000 },
  // From 60 minutes before the start (now) to the end, every 10 minutes.
  path: Array.from({ length: 19 }, (_, i) => {
    const minute = -60 + i * 10;
    const p50 = 230_000 + (70_000 * i) / 18;
    return { minute, p10: p50 * 0.8, p50, p90: p50 * 1.27 };
  }),
  headroom: { viewers: -0.15, logins: 0.4 },
  saturation: [
    { resource: 'viewers', band: 'p90', at: NOW + 6 * MIN },
    { resource: 'viewers', band: 'p50', at: NOW + 25 * MIN },
  ],
};

/** Six hours of a launch evening at one-minute steps: seven titles, a capacity, login and segment ratios. */
export function launchEvening(): HistorySnapshot {
  const times = Array.from({ length: 361 }, (_, i) => NOW - (360 - i) * MIN);
  const titles = ['Dragon Saga', 'Night Court', 'Cup Final', 'Quiz Live', 'Old Movie', 'Kids Hour', 'Docs'];
  const viewers: RecentSeries[] = titles.map((title, k) => ({
    name: 'launchday_concurrent_viewers',
    labels: { title },
    times,
    // A steady rise into the evening, bigger for the first titles.
    values: times.map((_, i) => Math.round((60_000 / (k + 1)) * (0.5 + i / 360) + 3000 * Math.sin(i / 15 + k))),
  }));
  const ratio = (name: string, base: number, wobble: number): RecentSeries => ({
    name,
    labels: {},
    times,
    values: times.map((_, i) => base + wobble * Math.sin(i / 20)),
  });
  return {
    now: NOW,
    series: [
      ...viewers,
      { name: 'capacity_viewers', labels: {}, times: [times[0]!, NOW], values: [260_000, 260_000] },
      ratio('login_success_ratio', 0.992, 0.004),
      ratio('segment_error_ratio', 0.006, 0.004),
      ...publishedSeries(DRAGON_FORECAST, NOW),
      { name: 'launchday_slo_objective_ratio', labels: { slo: 'login_success' }, times: [NOW], values: [0.99] },
      { name: 'launchday_slo_objective_ratio', labels: { slo: 'segment_errors' }, times: [NOW], values: [0.01] },
    ],
    events: [
      {
        id: 'ep-4',
        title: 'Night Court S2E4',
        kind: 'episode',
        start: NOW - 4 * 60 * MIN,
        end: NOW - 3 * 60 * MIN,
        timeZone: 'UTC',
      },
      {
        id: 'premiere-dragon',
        title: 'Dragon Saga finale',
        kind: 'premiere',
        start: NOW + 60 * MIN,
        end: NOW + 3 * 60 * MIN,
        timeZone: 'Europe/Paris',
        expectedPeak: 320_000,
      },
    ],
  };
}

/** Nothing in range: the panel must say so and say what to query. */
export function emptyEvening(): HistorySnapshot {
  return { now: NOW, series: [], events: [] };
}

/** Only a capacity: an exporter that has seen no viewer yet. */
export function capacityOnly(): HistorySnapshot {
  return {
    now: NOW,
    series: [{ name: 'capacity_viewers', labels: {}, times: [NOW - 3600_000, NOW], values: [1, 1] }],
    events: [],
  };
}
