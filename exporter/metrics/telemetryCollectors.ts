import { Counter, Gauge, type Registry } from 'prom-client';
import type { CounterFamily } from '../state/counterFamily';
import type { TelemetryState } from '../state/telemetryState';

/**
 * The telemetry metrics. Values live in the state and are read at scrape time through `collect()`;
 * nothing on the ingestion path touches prom-client.
 */
export function registerTelemetryMetrics(registry: Registry, state: TelemetryState): void {
  const registers = [registry];

  new Gauge({
    name: 'launchday_concurrent_viewers',
    help: 'Weighted sessions whose last heartbeat within the TTL was playing or buffering.',
    labelNames: ['title', 'cdn', 'region', 'device'],
    registers,
    collect() {
      this.reset();
      for (const { labels, viewers } of state.viewerCounts()) this.set({ ...labels }, viewers);
    },
  });

  new Gauge({
    name: 'launchday_rebuffering_viewers',
    help: 'Weighted sessions whose last report was buffering or rebuffering.',
    labelNames: ['title'],
    registers,
    collect() {
      this.reset();
      for (const [title, { rebuffering }] of state.viewersByTitle()) this.set({ title }, rebuffering);
    },
  });

  counterFrom(registry, 'launchday_login_attempts_total', 'Login attempts reported.', state.loginAttempts);
  counterFrom(
    registry,
    'launchday_login_failures_total',
    'Login attempts that failed, by reason.',
    state.loginFailures
  );
  counterFrom(
    registry,
    'launchday_segment_requests_total',
    'Media-segment requests reported, successful or not.',
    state.segmentRequests
  );
  counterFrom(
    registry,
    'launchday_segment_failures_total',
    'Media-segment requests that failed, by status class (504 apart: the saturation signal).',
    state.segmentFailures
  );
}

function counterFrom(registry: Registry, name: string, help: string, family: CounterFamily): void {
  new Counter({
    name,
    help,
    labelNames: [...family.labelNames],
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, value } of family.entries()) this.inc(labels, value);
    },
  });
}
