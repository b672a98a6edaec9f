import { Counter, Gauge, type Registry } from 'prom-client';
import type { IngestLedger, SourceCounts } from '../ingest/ingestLedger';
import type { EventLoopLag } from '../runtime/eventLoopLag';
import type { TelemetryState } from '../state/telemetryState';
import { version } from '../version';

/** The exporter's own health, next to what it exports. */
export function registerHealthMetrics(
  registry: Registry,
  state: TelemetryState,
  ledger: IngestLedger,
  lag: EventLoopLag
): void {
  const registers = [registry];

  sourceCounter(
    registry,
    'launchday_events_accepted_total',
    'Telemetry events applied, by ingestion path (source) and type.',
    'type',
    ledger.accepted
  );
  sourceCounter(
    registry,
    'launchday_events_rejected_total',
    'Telemetry events (CMCD: lines) refused, by ingestion path (source) and reason (invalid, session_cap, stale).',
    'reason',
    ledger.rejected
  );
  sourceCounter(
    registry,
    'launchday_events_ignored_total',
    'Good lines that carried nothing to apply, by ingestion path (source) and reason (no_cmcd, no_session).',
    'reason',
    ledger.ignored
  );
  sourceCounter(
    registry,
    'launchday_ingest_requests_refused_total',
    'Ingestion requests refused whole before their events were read, by ingestion path (source) and HTTP status.',
    'code',
    ledger.refusedRequests
  );

  new Gauge({
    name: 'launchday_sessions_tracked',
    help: 'Sessions in the session table, counted or paused.',
    registers,
    collect() {
      this.set(state.sessions.size);
    },
  });
  new Gauge({
    name: 'launchday_sessions_max',
    help: 'The hard cap on sessions this process tracks.',
    registers,
    collect() {
      this.set(state.sessions.capacity);
    },
  });
  new Counter({
    name: 'launchday_sessions_refused_total',
    help: 'New sessions refused because the session table was full.',
    registers,
    collect() {
      this.reset();
      this.inc(state.sessions.refused);
    },
  });
  new Counter({
    name: 'launchday_sessions_expired_total',
    help: 'Sessions removed because no heartbeat came within the TTL.',
    registers,
    collect() {
      this.reset();
      this.inc(state.sessions.expired);
    },
  });
  new Counter({
    name: 'launchday_series_budget_exceeded_total',
    help: 'Events counted under "other" because their label set did not fit in the series budget of the metric.',
    labelNames: ['metric'],
    registers,
    collect() {
      this.reset();
      this.inc({ metric: 'launchday_concurrent_viewers' }, state.viewerLabels.folded);
      this.inc({ metric: 'launchday_login_attempts_total' }, state.loginAttempts.sets.folded);
      this.inc({ metric: 'launchday_login_failures_total' }, state.loginFailures.sets.folded);
      this.inc({ metric: 'launchday_segment_requests_total' }, state.segmentRequests.sets.folded);
      this.inc({ metric: 'launchday_segment_failures_total' }, state.segmentFailures.sets.folded);
    },
  });
  new Gauge({
    name: 'launchday_event_loop_lag_seconds',
    help: 'Event-loop lag: the worse of the last second p99 and the longest stall in the last two seconds; ingestion answers 429 above its budget.',
    registers,
    collect() {
      this.set(lag.p99Ms / 1000);
    },
  });
  new Gauge({
    name: 'launchday_build_info',
    help: 'Build information; always 1.',
    labelNames: ['version', 'nodejs'],
    registers,
  }).set({ version, nodejs: process.version }, 1);
}

function sourceCounter(registry: Registry, name: string, help: string, label: string, counts: SourceCounts): void {
  new Counter({
    name,
    help,
    labelNames: ['source', label],
    registers: [registry],
    collect() {
      this.reset();
      for (const [source, byLabel] of counts.bySource)
        for (const [value, count] of byLabel) this.inc({ source, [label]: value }, count);
    },
  });
}
