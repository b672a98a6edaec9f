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
 * `login_success_ratio`, `segment_error_ratio`, `capacity_viewers`, and the forecaster's published
 * series with the labels they carry on /metrics (one sample each, at `now`): `launchday_event_status`,
 * `launchday_event_binding_info`, `launchday_forecast_peak_viewers`, `launchday_forecast_path_viewers`,
 * `launchday_forecast_headroom_ratio`, `launchday_forecast_saturation_timestamp_seconds` (values in
 * seconds on the snapshot's clock) and `launchday_slo_objective_ratio`. The panel reads them as it reads
 * them from Prometheus.
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
  /** When the published forecast series were computed (same clock as `now`); absent before the first refresh. */
  forecastAt?: number;
}
