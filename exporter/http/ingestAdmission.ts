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
 * Past this standing queue in the sockets (runtime/queueDelay.ts: the smallest wait over the last
 * 100 ms of a loop that never idles, as CoDel reads a queue) a growing share of new requests is shed:
 * none at `SHED_FROM_MS`, all at `SHED_ALL_MS`. At twice its capacity (the soak: 16 connections at 2x
 * the bench rate) the lag never passed its 250 ms budget and the process saw about one request in
 * flight at a time, yet every request waited behind the others in the socket buffers (p99 62-175 ms,
 * all 200). A 429 costs a fraction of an ingested batch (~0.4 ms of CPU against ~1.3 ms), so
 * shedding a share shortens the loop's passes and the requests taken wait less.
 * Why 20-60 ms and not CoDel's 5 ms: on the shared 2-core machine the bench's rate (1x) already
 * saturated the exporter's share of the CPU, and at 5-15 ms the soak at 1x shed 26% (p99 64 ms against
 * 45 ms with the gate off, load 3-4); at 20-60 ms it shed 0.3% at 1x and 3 requests at 2x. So a client
 * of 16 connections (a queue of at most 16 batches, ~21 ms) is left to the sockets, and the gate bounds
 * the queue that many more connections would stand up (200 would queue ~260 ms).
 */
export const SHED_FROM_MS = 20;
export const SHED_ALL_MS = 60;

export interface AdmissionOptions {
  max?: number;
  slowBodyMs?: number;
  /** The standing queue's wait, in ms (QueueDelay.standingMs); without it only `max` bounds admission. */
  queueDelayMs?: () => number;
  shedFromMs?: number;
  shedAllMs?: number;
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
  /** Shed requests owed to the queueing delay: deterministic, one each time it passes 1. */
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
    if (this.options.queueDelayMs) {
      const waited = this.options.queueDelayMs();
      const from = this.options.shedFromMs ?? SHED_FROM_MS;
      const all = this.options.shedAllMs ?? SHED_ALL_MS;
      this.owed += Math.min(1, Math.max(0, (waited - from) / (all - from)));
      if (this.owed >= 1) {
        this.owed -= 1;
        this.lastReason = `requests have waited ${waited.toFixed(0)} ms or more for the event loop over the last 100 ms (shedding from ${from} ms)`;
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
