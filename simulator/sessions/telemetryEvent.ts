/** The events the simulator sends, shaped as the exporter's ingestion schema v1 (docs/ingest-v1.md). */
export type HeartbeatState = 'playing' | 'buffering' | 'paused' | 'ended';

export interface HeartbeatEvent {
  type: 'heartbeat';
  sid: string;
  title: string;
  state: HeartbeatState;
  cdn: string;
  region: string;
  device: string;
  weight: number;
}

export interface LoginEvent {
  type: 'login';
  outcome: 'success' | 'failure';
  reason?: string;
  method: string;
  region: string;
  device: string;
}

export interface SegmentEvent {
  type: 'segment';
  title: string;
  cdn: string;
  status: number | 'timeout' | 'aborted';
  duration_ms: number;
  bytes?: number;
}

export type TelemetryEvent = HeartbeatEvent | LoginEvent | SegmentEvent;
