import type { HistorySnapshot, RecentSeries } from '../../core/history/snapshot';

export const NOW = Date.UTC(2026, 10, 22, 19, 0, 0);
const MIN = 60_000;

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
