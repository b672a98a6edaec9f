/**
 * The telemetry events the state applies: the contract at the bottom of the exporter. Ingestion
 * validates input into these (exporter/ingest/eventSchema.ts checks at compile time that its zod
 * schema yields exactly them), so state depends on nothing above it.
 */
export interface HeartbeatEvent {
  type: 'heartbeat';
  sid: string;
  title: string;
  state: 'playing' | 'buffering' | 'paused' | 'ended';
  cdn?: string | undefined;
  region?: string | undefined;
  device?: string | undefined;
  /** Viewers this sampled session stands for, 1e-6 to 1e7. */
  weight: number;
  /** When it happened, epoch ms; absent: on arrival. */
  ts?: number | undefined;
}

export interface LoginEvent {
  type: 'login';
  outcome: 'success' | 'failure';
  reason?: string | undefined;
  method?: string | undefined;
  region?: string | undefined;
  device?: string | undefined;
}

export interface SegmentEvent {
  type: 'segment';
  title: string;
  cdn: string;
  status: number | 'timeout' | 'aborted';
  duration_ms?: number | undefined;
  bytes?: number | undefined;
}

export type TelemetryEvent = HeartbeatEvent | LoginEvent | SegmentEvent;
