import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Ingestion requests one process takes at once. At twice its capacity (the soak: 16 connections at
 * 2x the bench rate) the loop never lagged past its budget, so lag shedding never fired, yet every
 * request queued behind the others: p99 59 ms, max 426 ms, all 200. Past this many in flight a new
 * one is answered 429 at once, so those taken stay fast (each costs ~1-2 ms of CPU at 500 events).
 */
export const DEFAULT_MAX_INGEST_IN_FLIGHT = 8;
/**
 * A request whose body is still arriving after this long is a slow client, not work queued on the
 * loop: it stops counting, so a few trickled bodies cannot shut ingestion for everyone (the request
 * timeout cuts them in the end).
 */
export const DEFAULT_SLOW_BODY_MS = 1000;

/**
 * Past this busy share of the loop (EventLoopLag.busyShare) a growing part of new requests is shed:
 * none at 0.9, all at 1. Requests then wait behind fewer others, and a 429 costs a fraction of an
 * ingested batch, so the loop keeps some idle time and what it takes stays fast.
 */
export const DEFAULT_BUSY_SHARE = 0.9;

export interface AdmissionOptions {
  max?: number;
  slowBodyMs?: number;
  /** The loop's busy share, 0-1; without it only `max` bounds admission. */
  busyShare?: () => number;
  busyShareFrom?: number;
  now?: () => number;
}

interface Entry {
  arrivedAt: number;
  bodyDone: boolean;
}

/**
 * Counts ingestion requests from their arrival to their answer (or their socket's close) and
 * admits a new one while fewer than `max` count. Requests that are refused are never counted.
 */
export class IngestAdmission {
  private readonly inFlight = new Map<IncomingMessage, Entry>();
  readonly max: number;
  private readonly slowBodyMs: number;
  private readonly now: () => number;
  /** Shed requests owed to the busy share: deterministic, one each time it passes 1. */
  private owed = 0;
  /** Why the last refusal was made, for its 429 message. */
  lastReason = '';

  constructor(private readonly options: AdmissionOptions = {}) {
    this.max = options.max ?? DEFAULT_MAX_INGEST_IN_FLIGHT;
    this.slowBodyMs = options.slowBodyMs ?? DEFAULT_SLOW_BODY_MS;
    this.now = options.now ?? performance.now.bind(performance);
  }

  /** Whether `req` may be handled now; if so it counts until `res` closes. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.counted() >= this.max) {
      this.lastReason = `${this.max} ingestion requests are in flight already`;
      return false;
    }
    if (this.options.busyShare) {
      const busy = this.options.busyShare();
      const from = this.options.busyShareFrom ?? DEFAULT_BUSY_SHARE;
      this.owed += Math.min(1, Math.max(0, (busy - from) / (1 - from)));
      if (this.owed >= 1) {
        this.owed -= 1;
        this.lastReason = `the event loop was busy ${(busy * 100).toFixed(0)}% of the last 100 ms`;
        return false;
      }
    }
    const entry: Entry = { arrivedAt: this.now(), bodyDone: req.complete };
    this.inFlight.set(req, entry);
    req.once('end', () => (entry.bodyDone = true));
    res.once('close', () => this.inFlight.delete(req));
    return true;
  }

  /** Requests in flight that count against `max` (the slow bodies are looked at only at the limit). */
  counted(): number {
    if (this.inFlight.size < this.max) return this.inFlight.size;
    const now = this.now();
    let n = 0;
    for (const e of this.inFlight.values()) if (e.bodyDone || now - e.arrivedAt < this.slowBodyMs) n++;
    return n;
  }
}
