import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Ingestion requests one process holds at once (read, queued or being ingested): a bound on the bodies
 * in memory (at most this many of `ingest.bodyLimitBytes`) and on the work queued behind each other,
 * whatever the lag budget. Above a burst of players' posts (the chaos premiere sends 43 at once to an
 * idle exporter, all of which must be taken): past it a new one is answered 429 at once.
 */
export const DEFAULT_MAX_INGEST_IN_FLIGHT = 64;
/**
 * A request whose body is still arriving after this long is a slow client, not work queued on the
 * loop: it stops counting, so a few trickled bodies cannot shut ingestion for everyone (the request
 * timeout cuts them in the end).
 */
export const DEFAULT_SLOW_BODY_MS = 1000;

/**
 * Past this busy share of the loop (EventLoopLag.busyShare) a growing part of new requests is shed:
 * none at 0.9, all at 1. At twice its capacity (the soak: 16 connections at 2x the bench rate) the loop
 * never lagged past its 250 ms budget, so lag shedding never fired, yet every request queued behind
 * the others in the socket buffers (p99 59 ms, max 426 ms, all 200): the process saw few in flight
 * at a time, but a loop that never idles. Shedding a share keeps some idle time, and a 429 costs a
 * fraction of an ingested batch (~0.2 ms against ~1.1 ms at 500 events).
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

  /** Whether `req` may be handled now; if so it counts until `res` closes (its socket's close included). */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    const counted = this.counted();
    if (counted >= this.max) {
      this.lastReason = `${this.max} ingestion requests are in flight already`;
      return false;
    }
    // Only a request that arrives while another is in flight waits behind it: one client posting
    // one batch after another (or a test sharing the exporter's loop) keeps the loop busy, not queued.
    if (this.options.busyShare && counted > 0) {
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
