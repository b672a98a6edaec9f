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

/**
 * Up to four label values still in the request's bytes, each as [start, end) of the buffer, with
 * their hashes (RawLabelCache's key). A segment fills title and cdn and leaves region and device
 * empty ranges with hash 0.
 */
export interface RawLabels {
  titleStart: number;
  titleEnd: number;
  cdnStart: number;
  cdnEnd: number;
  regionStart: number;
  regionEnd: number;
  deviceStart: number;
  deviceEnd: number;
  /** Title, cdn, region and device values' hashes, made by the scanner: hashLabelToQuote in rawLabelCache.ts. */
  labelHashes: Int32Array;
}

/**
 * A heartbeat still in the request's bytes (ingestion's byte scanner found it valid): each text field
 * as [start, end) of the buffer, every label present, the sid ASCII and already hashed (the scanner
 * hashes it as it reads it, with the session table's seed). The state finds the label set from these
 * bytes, with no string or event object per heartbeat.
 */
export interface RawHeartbeat extends RawLabels {
  sidStart: number;
  sidEnd: number;
  /** The sid's hash (low, high) with the seed the scanner was given: hashSidToQuote in sidHash.ts. */
  sidHash: Uint32Array;
  /** 0 playing, 1 buffering, 2 paused, 3 ended. */
  state: number;
  weight: number;
  /** Epoch ms, or -1 when absent (on arrival). */
  ts: number;
}

/** RawLabels to fill in (every range empty): the label part of each raw line the scanner fills. */
export const newRawLabels = (): RawLabels => ({
  titleStart: 0,
  titleEnd: 0,
  cdnStart: 0,
  cdnEnd: 0,
  regionStart: 0,
  regionEnd: 0,
  deviceStart: 0,
  deviceEnd: 0,
  labelHashes: new Int32Array(4),
});

/**
 * A RawHeartbeat to fill in. Spelled out, not spread from newRawLabels(): the scanner's objects built
 * with a spread made ingestion ~10% slower (ingestProfile ab, mixed, both orders, load 1.6-2.2).
 */
export const newRawHeartbeat = (): RawHeartbeat => ({
  sidStart: 0,
  sidEnd: 0,
  sidHash: new Uint32Array(2),
  titleStart: 0,
  titleEnd: 0,
  cdnStart: 0,
  cdnEnd: 0,
  regionStart: 0,
  regionEnd: 0,
  deviceStart: 0,
  deviceEnd: 0,
  labelHashes: new Int32Array(4),
  state: 0,
  weight: 1,
  ts: -1,
});
