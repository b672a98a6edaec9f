import { Gauge, type Registry } from 'prom-client';
import { EVENT_STATUSES } from '../../core/status';
import { cutLabel } from '../state/labelValue';
import type { ForecastSnapshot } from './forecastSnapshot';

/** Events whose path is published (nearest first): each point is three series. */
export const MAX_PATH_EVENTS = 20;

/**
 * The published forecast (docs/metrics.md, the headroom contract). Values are copied from the
 * refresher's last snapshot at scrape time (collect), never pushed by a timer; a scrape never computes.
 * `toWall` puts the snapshot's instants (model clock) on the wall clock Prometheus keeps.
 */
export function registerForecastMetrics(
  registry: Registry,
  snapshot: () => ForecastSnapshot,
  toWall: (model: number) => number = (t) => t
): void {
  const gauge = (
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (set: (labels: Record<string, string>, v: number) => void, s: ForecastSnapshot) => void
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        fill((labels, v) => this.set(labels, v), snapshot());
      },
    });
  const event = (id: string) => cutLabel(id);

  gauge(
    'launchday_event_status',
    'Event status by the one rule (docs/forecast.md): 1 for the current one of green, amber, red; 0 for the others.',
    ['event', 'status'],
    (set, s) => {
      for (const f of s.forecasts)
        for (const status of EVENT_STATUSES) set({ event: event(f.event), status }, status === f.status ? 1 : 0);
    }
  );
  gauge(
    'launchday_event_binding_info',
    'The resource or SLO (slo:login_success, slo:segment_errors) that set the event status; always 1.',
    ['event', 'resource'],
    (set, s) => {
      for (const f of s.forecasts) if (f.binding) set({ event: event(f.event), resource: cutLabel(f.binding) }, 1);
    }
  );
  gauge(
    'launchday_forecast_peak_viewers',
    'Forecast peak concurrent viewers of an event in its window, by band (p10, p50, p90); never below the peak observed in it.',
    ['event', 'band'],
    (set, s) => {
      for (const f of s.forecasts)
        if (f.peak)
          for (const band of ['p10', 'p50', 'p90'] as const) set({ event: event(f.event), band }, f.peak[band]);
    }
  );
  gauge(
    'launchday_forecast_path_viewers',
    'Forecast viewers of an event on a grid of whole minutes from its start (minute may be negative), over its window, by band.',
    ['event', 'band', 'minute'],
    (set, s) => {
      for (const f of s.forecasts.slice(0, MAX_PATH_EVENTS))
        for (const p of f.path)
          for (const band of ['p10', 'p50', 'p90'] as const)
            set({ event: event(f.event), band, minute: String(p.minute) }, p[band]);
    }
  );
  gauge(
    'launchday_forecast_headroom_ratio',
    'One minus the forecast P50 peak demand over the capacity in force then, per event and resource (viewers, logins, segments, segments:<cdn>).',
    ['event', 'resource'],
    (set, s) => {
      for (const f of s.forecasts)
        for (const h of f.headroom) set({ event: event(f.event), resource: cutLabel(h.resource) }, h.ratio);
    }
  );
  gauge(
    'launchday_forecast_saturation_timestamp_seconds',
    "First instant a band of the event's forecast crosses the resource's capacity in force then, within the event window (absent if it does not).",
    ['event', 'resource', 'band'],
    (set, s) => {
      for (const f of s.forecasts)
        for (const x of f.saturation)
          set({ event: event(f.event), resource: cutLabel(x.resource), band: x.band }, toWall(x.at) / 1000);
    }
  );
  gauge(
    'launchday_slo_objective_ratio',
    'The SLO objectives the status rule reads: login_success (ratio at least), segment_errors (ratio at most).',
    ['slo'],
    (set, s) => {
      set({ slo: 'login_success' }, s.objectives.login_success);
      set({ slo: 'segment_errors' }, s.objectives.segment_errors);
    }
  );
  gauge(
    'launchday_event_observed_peak_viewers',
    'Observed peak concurrent viewers of a past event, from the event history.',
    ['event'],
    (set, s) => {
      for (const o of s.observedPeaks) set({ event: event(o.event) }, o.value);
    }
  );
  gauge(
    'launchday_forecast_refresh_timestamp_seconds',
    'When the published forecast was last computed.',
    [],
    (set, s) => {
      if (s.computedAt > 0) set({}, toWall(s.computedAt) / 1000);
    }
  );
}
