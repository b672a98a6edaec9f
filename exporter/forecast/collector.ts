import { Gauge, type Registry } from 'prom-client';
import { cutLabel } from '../state/labelValue';
import type { ForecastSnapshot } from './forecastSnapshot';

/**
 * The forecast gauges. Values are copied from the refresher's last snapshot at scrape time
 * (collect), never pushed by a timer; a scrape never computes a forecast.
 */
export function registerForecastMetrics(registry: Registry, snapshot: () => ForecastSnapshot): void {
  new Gauge({
    name: 'launchday_forecast_peak_viewers',
    help: 'Forecast peak concurrent viewers of an upcoming or running event, by band (p10, p50, p90).',
    labelNames: ['event', 'band'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of snapshot().peaks) this.set({ event: cutLabel(p.event), band: p.band }, p.value);
    },
  });
  new Gauge({
    name: 'launchday_forecast_headroom_ratio',
    help: 'One minus the forecast P50 peak demand over capacity, per event and resource (viewers, logins, segments, segments:<cdn>).',
    labelNames: ['event', 'resource'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const h of snapshot().headroom)
        this.set({ event: cutLabel(h.event), resource: cutLabel(h.resource) }, h.ratio);
    },
  });
  new Gauge({
    name: 'launchday_forecast_saturation_timestamp_seconds',
    help: 'First instant the forecast band reaches the resource capacity within the next hour (absent if it does not).',
    labelNames: ['resource', 'band'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of snapshot().saturation) this.set({ resource: cutLabel(s.resource), band: s.band }, s.at / 1000);
    },
  });
  new Gauge({
    name: 'launchday_event_observed_peak_viewers',
    help: 'Observed peak concurrent viewers of a past event, from the event history.',
    labelNames: ['event'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const o of snapshot().observedPeaks) this.set({ event: cutLabel(o.event) }, o.value);
    },
  });
}
