import type { CalendarEvent } from '../calendar/event';

/** One recent series as the exporter remembers it: aligned times (epoch ms) and values. */
export interface RecentSeries {
  /** A launchday metric name, e.g. `launchday_concurrent_viewers`, or a derived one such as `login_success_ratio`. */
  name: string;
  labels: Record<string, string>;
  times: number[];
  values: number[];
}

/**
 * What `GET /api/v1/history` returns: the exporter's recent past, for the preview page that mounts the
 * real panel without Grafana. Series names: `launchday_concurrent_viewers` (label title),
 * `login_success_ratio`, `segment_error_ratio`, `capacity_viewers`.
 */
export interface HistorySnapshot {
  now: number;
  series: RecentSeries[];
  events: CalendarEvent[];
  /**
   * Set when the exporter's forecasts run on a replay's clock (`forecast.timeScale`, e.g. the demo at
   * x20): every instant here, `now` included, is then on that clock, so a one-hour launch spans an hour
   * of the axis and the panel's forecast reads the minutes its templates were made of.
   */
  timeScale?: number;
}
