import { z } from 'zod';
import type * as Contract from '../state/telemetryEvent';

/** Telemetry events, schema v1 (docs/ingest-v1.md). Unknown keys are ignored for forward compatibility. */
const text = (max: number) => z.string().min(1).max(max);
const optionalLabel = text(256).optional();

export const heartbeatSchema = z.object({
  type: z.literal('heartbeat'),
  sid: text(256),
  title: text(1024),
  state: z.enum(['playing', 'buffering', 'paused', 'ended']),
  cdn: optionalLabel,
  region: optionalLabel,
  device: optionalLabel,
  /** Viewers this sampled session stands for, kept to the micro-viewer (exporter/state/sessionWeight.ts). */
  weight: z.number().min(1e-6).max(1e7).default(1),
  /** When the event happened, epoch ms; absent means on arrival. Out-of-order updates are refused as stale. */
  ts: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
});

export const loginSchema = z.object({
  type: z.literal('login'),
  outcome: z.enum(['success', 'failure']),
  reason: text(64).optional(),
  method: optionalLabel,
  region: optionalLabel,
  device: optionalLabel,
});

export const segmentSchema = z.object({
  type: z.literal('segment'),
  title: text(1024),
  cdn: text(256),
  status: z.union([z.number().int().min(100).max(599), z.enum(['timeout', 'aborted'])]),
  duration_ms: z.number().nonnegative().max(3_600_000).optional(),
  bytes: z.number().int().nonnegative().optional(),
});

export const telemetryEventSchema = z.discriminatedUnion('type', [heartbeatSchema, loginSchema, segmentSchema]);

// The event types live in the state's contract; re-exported here for the modules that import them from ingestion.
export type { HeartbeatEvent, LoginEvent, SegmentEvent, TelemetryEvent } from '../state/telemetryEvent';

/** Compile-time proof that each schema yields exactly the contract's type (both ways assignable). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchContract: [
  Same<z.infer<typeof heartbeatSchema>, Contract.HeartbeatEvent>,
  Same<z.infer<typeof loginSchema>, Contract.LoginEvent>,
  Same<z.infer<typeof segmentSchema>, Contract.SegmentEvent>,
] = [true, true, true];
void schemasMatchContract;
