import type { HeartbeatEvent, LoginEvent, SegmentEvent, TelemetryEvent } from './eventSchema';

/** Not an event the schema accepts, for certain (zod is then asked only for the listed errors' text). */
export const INVALID = 0;
/** Not decided here: an unusual value (a huge integer, say) that only zod's own checks settle. */
export const UNSURE = 1;

/**
 * The v1 schema's checks written out by hand for the hot path: per event, zod's safeParse cost about
 * as much as JSON.parse (a fifth of ingestion), and a failed one builds an error object, which made a
 * 1 MiB body of 524k invalid items block the loop for a second. It returns the same output zod does
 * (unknown keys dropped, the weight defaulted), `INVALID` only where zod would refuse, and `UNSURE`
 * wherever it is not certain. A property test holds it to zod's answers (fastEvent.test.ts).
 */
export function fastEvent(item: unknown): TelemetryEvent | typeof INVALID | typeof UNSURE {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return INVALID;
  const o = item as Record<string, unknown>;
  switch (o.type) {
    case 'heartbeat':
      return heartbeat(o);
    case 'segment':
      return segment(o);
    case 'login':
      return login(o);
    default:
      return INVALID;
  }
}

const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;
/** An optional text field: absent, or a string within bounds. */
const optionalText = (v: unknown, max: number) => v === undefined || text(v, max);

function heartbeat(o: Record<string, unknown>): HeartbeatEvent | typeof INVALID | typeof UNSURE {
  const { sid, title, state, cdn, region, device, weight, ts } = o;
  if (!text(sid, 256) || !text(title, 1024)) return INVALID;
  if (state !== 'playing' && state !== 'buffering' && state !== 'paused' && state !== 'ended') return INVALID;
  if (!optionalText(cdn, 256) || !optionalText(region, 256) || !optionalText(device, 256)) return INVALID;
  if (weight !== undefined && (typeof weight !== 'number' || !(weight >= 1e-6 && weight <= 1e7))) return INVALID;
  if (ts !== undefined) {
    if (typeof ts !== 'number' || !Number.isInteger(ts) || ts < 0 || ts > 8_640_000_000_000_000) return INVALID;
    if (!Number.isSafeInteger(ts)) return UNSURE;
  }
  const event: HeartbeatEvent = { type: 'heartbeat', sid, title, state, weight: (weight as number | undefined) ?? 1 };
  if (cdn !== undefined) event.cdn = cdn as string;
  if (region !== undefined) event.region = region as string;
  if (device !== undefined) event.device = device as string;
  if (ts !== undefined) event.ts = ts as number;
  return event;
}

function segment(o: Record<string, unknown>): SegmentEvent | typeof INVALID | typeof UNSURE {
  const { title, cdn, status, duration_ms: durationMs, bytes } = o;
  if (!text(title, 1024) || !text(cdn, 256)) return INVALID;
  if (typeof status === 'number') {
    if (!Number.isInteger(status) || status < 100 || status > 599) return INVALID;
  } else if (status !== 'timeout' && status !== 'aborted') return INVALID;
  if (durationMs !== undefined && (typeof durationMs !== 'number' || !(durationMs >= 0 && durationMs <= 3_600_000)))
    return INVALID;
  if (bytes !== undefined) {
    if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0) return INVALID;
    if (!Number.isSafeInteger(bytes)) return UNSURE;
  }
  const event: SegmentEvent = { type: 'segment', title, cdn, status: status as SegmentEvent['status'] };
  if (durationMs !== undefined) event.duration_ms = durationMs as number;
  if (bytes !== undefined) event.bytes = bytes as number;
  return event;
}

function login(o: Record<string, unknown>): LoginEvent | typeof INVALID {
  const { outcome, reason, method, region, device } = o;
  if (outcome !== 'success' && outcome !== 'failure') return INVALID;
  if (!optionalText(reason, 64) || !optionalText(method, 256)) return INVALID;
  if (!optionalText(region, 256) || !optionalText(device, 256)) return INVALID;
  const event: LoginEvent = { type: 'login', outcome };
  if (reason !== undefined) event.reason = reason as string;
  if (method !== undefined) event.method = method as string;
  if (region !== undefined) event.region = region as string;
  if (device !== undefined) event.device = device as string;
  return event;
}
