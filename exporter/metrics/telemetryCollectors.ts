import { Counter, type Metric, type Registry } from 'prom-client';
import type { CounterFamily } from '../state/counterFamily';
import type { TelemetryState } from '../state/telemetryState';

/**
 * The telemetry metrics. Values live in the state and are read at scrape time through `collect()`;
 * nothing on the ingestion path touches prom-client.
 */
export function registerTelemetryMetrics(registry: Registry, state: TelemetryState): void {
  viewGauge(
    registry,
    'launchday_concurrent_viewers',
    'Weighted sessions whose last heartbeat within the TTL was playing or buffering.',
    () => state.viewerCounts().map(({ labels, viewers }) => ({ labels, value: viewers }))
  );
  viewGauge(
    registry,
    'launchday_rebuffering_viewers',
    'Weighted sessions whose last report was buffering or rebuffering.',
    () => [...state.viewersByTitle()].map(([title, { rebuffering }]) => ({ labels: { title }, value: rebuffering }))
  );

  new Counter({
    name: 'launchday_sessions_started_total',
    help: 'Sessions admitted to the session table by a heartbeat (new, or back after an end).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(state.sessions.started);
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

type Sample = { labels: object; value: number };

/**
 * A gauge whose samples are read from the state at scrape time and handed to the registry as they are.
 * Hand-written instead of a prom-client Gauge on a measured hot path: `set()` hashes and validates the
 * labels of every series on every scrape, half the render time at 50k viewer series.
 */
function viewGauge(registry: Registry, name: string, help: string, samples: () => Sample[]): void {
  const metric = {
    name,
    help,
    type: 'gauge',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'gauge', aggregator: 'sum', values: samples() }),
    reset: () => undefined,
  };
  registry.registerMetric(metric as unknown as Metric);
}
