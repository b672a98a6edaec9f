import type { CalendarEvent } from '../../core/calendar/event';
import type { HistorySnapshot, RecentSeries } from '../../core/history/snapshot';
import type { Point } from '../../core/forecast';
import { EVENT_STATUSES } from '../../core/status';
import { MAX_PATH_EVENTS } from './collector';
import type { ForecastSnapshot } from './forecastSnapshot';

const series = (name: string, labels: Record<string, string>, points: readonly Point[]): RecentSeries => ({
  name,
  labels,
  times: points.map((p) => p.t),
  values: points.map((p) => p.v),
});

/**
 * The published forecast as RecentSeries, one sample each at the refresh's instant, with the names
 * and labels of /metrics (all on the model clock): the preview's panel reads them as Grafana's does.
 */
export function publishedSeries(s: ForecastSnapshot): RecentSeries[] {
  if (s.computedAt <= 0) return [];
  const at = (name: string, labels: Record<string, string>, v: number) =>
    series(name, labels, [{ t: s.computedAt, v }]);
  const out: RecentSeries[] = [];
  s.forecasts.forEach((f, i) => {
    const event = f.event;
    for (const status of EVENT_STATUSES)
      out.push(at('launchday_event_status', { event, status }, status === f.status ? 1 : 0));
    if (f.binding) out.push(at('launchday_event_binding_info', { event, resource: f.binding }, 1));
    for (const band of ['p10', 'p50', 'p90'] as const) {
      if (f.peak) out.push(at('launchday_forecast_peak_viewers', { event, band }, f.peak[band]));
      if (i < MAX_PATH_EVENTS)
        for (const p of f.path)
          out.push(at('launchday_forecast_path_viewers', { event, band, minute: String(p.minute) }, p[band]));
    }
    for (const h of f.headroom)
      out.push(at('launchday_forecast_headroom_ratio', { event, resource: h.resource }, h.ratio));
    for (const x of f.saturation)
      out.push(
        at(
          'launchday_forecast_saturation_timestamp_seconds',
          { event, resource: x.resource, band: x.band },
          x.at / 1000
        )
      );
  });
  out.push(at('launchday_slo_objective_ratio', { slo: 'login_success' }, s.objectives.login_success));
  out.push(at('launchday_slo_objective_ratio', { slo: 'segment_errors' }, s.objectives.segment_errors));
  return out;
}

/** What `GET /api/v1/history` returns: the sampled series, the published forecast and the events. */
export function recentSnapshot(opts: {
  now: number;
  sampled: readonly { name: string; labels: Record<string, string>; points: readonly Point[] }[];
  published: ForecastSnapshot;
  events: CalendarEvent[];
  timeScale: number;
}): HistorySnapshot {
  const snapshot: HistorySnapshot = {
    now: opts.now,
    series: [...opts.sampled.map((x) => series(x.name, x.labels, x.points)), ...publishedSeries(opts.published)],
    events: opts.events,
  };
  if (opts.published.computedAt > 0) snapshot.forecastAt = opts.published.computedAt;
  if (opts.timeScale !== 1) snapshot.timeScale = opts.timeScale;
  return snapshot;
}
