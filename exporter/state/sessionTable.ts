import { ExpiryBuckets } from './expiryBuckets';
import { hashSid, randomSeed, sidHashHigh, type SidHashSeed } from './sidHash';
import { viewersOf, weightUnits } from './sessionWeight';

/** Session states as stored; 0 marks a free slot. */
export const enum SessionState {
  Free = 0,
  Playing = 1,
  Buffering = 2,
  Paused = 3,
  /** Ended within one TTL: kept (hash and time only) so an older update cannot bring it back. */
  Ended = 4,
}

/** `stale`: the update is older than the newest event the session already had (or than one TTL). */
export type HeartbeatOutcome = 'applied' | 'refused' | 'stale';
export type EndOutcome = 'ended' | 'absent' | 'stale';

/** One live session as the state file keeps it: the id's hash, never the id. */
export interface SessionRecord {
  hashLow: number;
  hashHigh: number;
  labelSet: number;
  state: SessionState;
  /** Whole micro-viewers (see sessionWeight.ts). */
  weightUnits: number;
  /** The newest event applied, epoch ms; the session expires one TTL later. */
  lastEventAt: number;
}

/**
 * Bytes per row in memory: the same fields interleaved in one 32-byte row (3 bytes of padding), so a
 * heartbeat touches the row's one cache line instead of six columns' six. Offsets, in bytes: last event
 * 0 and weight 8 (f64), hash low 16, hash high 20 and label set 24 (u32), state 28 (u8). Measured
 * (heartbeatHashed in random order, CPU time, load ~1.3): 200k sessions 848-926 -> 556-684 ns a put,
 * 1M sessions 799-955 -> 721-838 ns; the 3 padding bytes add 3 B a session.
 */
const STRIDE = 32;
const F64 = STRIDE / 8;
const U32 = STRIDE / 4;

/**
 * Where each column of an n-row block of the state file starts (after its 4-byte row count), 8-byte
 * columns first: 29 bytes a row (hash 4+4, last event 8, weight 8, label set 4, state 1).
 */
export function columnOffsets(n: number) {
  const lastEventAt = 4;
  const weight = lastEventAt + 8 * n;
  const hashLow = weight + 8 * n;
  const hashHigh = hashLow + 4 * n;
  const labelSet = hashHigh + 4 * n;
  const state = labelSet + 4 * n;
  return { lastEventAt, weight, hashLow, hashHigh, labelSet, state, end: state + n };
}
/** The index has at least twice the cap in entries (load <= 0.5: short linear probes). */
export const indexEntries = (capacity: number): number => 2 ** Math.ceil(Math.log2(Math.max(2, capacity * 2)));
/** Everything a table of this cap allocates, whatever its ids: the cap bounds the memory. */
export const sessionTableBytes = (capacity: number): number => capacity * STRIDE + indexEntries(capacity) * 4;

/**
 * Live sessions, in dense typed-array rows found through an open-addressing index on a seeded 64-bit
 * hash of the session id. The id itself is never stored, so a session costs the same ~40 bytes (at the
 * cap) whatever the length of its id, and the table's memory is fixed by its cap.
 *
 * A hash collision (two live ids with the same 64 bits) makes them one session: one viewer too few, and
 * one's updates apply to the other, until one ends or expires. With n live sessions the chance that any
 * pair collides is about n^2 / 2^65: 3e-8 at 1M sessions, 7e-5 at the 50M cap.
 *
 * Per-label-set sums are kept on every change (scrapes never scan the table), with the weight due to
 * expire in buckets, so a read leaves out sessions past their TTL even before the sweeper removes them.
 */
export class SessionTable {
  seed: SidHashSeed = randomSeed();
  /** Views of the same rows (see STRIDE): row r's fields are at f64[r*4 + 0|1], u32[r*8 + 4|5|6], u8[r*32 + 28]. */
  private readonly f64: Float64Array;
  private readonly u32: Uint32Array;
  /** The hash halves are compared and passed as int32 (small integers to V8, never boxed numbers). */
  private readonly i32: Int32Array;
  private readonly u8: Uint8Array;
  /** Row + 1 per entry, 0 for empty (linear probing, backward-shift deletion: no tombstones). */
  private readonly index: Int32Array;
  private readonly mask: number;
  private rows = 0;
  private sweepCursor = 0;
  /** Rows in state Ended, and where the search for one to reuse (table full) goes on from. */
  private endedRows = 0;
  private reclaimCursor = 0;
  /** Counted units (playing + buffering) and buffering alone, per label set. */
  private readonly counted: number[] = [];
  private readonly buffering: number[] = [];
  private readonly due: ExpiryBuckets;
  private readonly dueBuffering: ExpiryBuckets;
  refused = 0;
  expired = 0;
  /** Sessions admitted by a heartbeat so far: new ones, and ended ones back with a newer event. */
  started = 0;

  constructor(
    readonly capacity: number,
    readonly ttlMs: number
  ) {
    // Typed arrays are zero-filled lazily by the OS: unused capacity costs address space, not RSS.
    const rows = new ArrayBuffer(capacity * STRIDE);
    this.f64 = new Float64Array(rows);
    this.u32 = new Uint32Array(rows);
    this.i32 = new Int32Array(rows);
    this.u8 = new Uint8Array(rows);
    this.index = new Int32Array(indexEntries(capacity));
    this.mask = this.index.length - 1;
    this.due = new ExpiryBuckets(ttlMs);
    this.dueBuffering = new ExpiryBuckets(ttlMs);
  }

  /** Live sessions (counted or paused); ended ones still remembered are not among them. */
  get size(): number {
    return this.rows - this.endedRows;
  }

  /** Ended sessions remembered (for one TTL from their end) so older updates cannot recreate them. */
  get ended(): number {
    return this.endedRows;
  }

  /** Rows the sweep walks through in one full pass. */
  get span(): number {
    return this.rows;
  }

  /**
   * Applies a heartbeat that happened at `at` (epoch ms, never after `now`): the session then lives one
   * TTL from `at`. An update older than the session's newest event, or older than one TTL, is `stale`.
   */
  heartbeat(
    sid: string,
    labelSet: number,
    state: SessionState,
    weight: number,
    now: number,
    at: number = now
  ): HeartbeatOutcome {
    const low = hashSid(sid, this.seed) | 0;
    return this.put(low, sidHashHigh | 0, labelSet, state, weightUnits(weight), now, at, true);
  }

  /** `heartbeat` of a session id already hashed with this table's seed (ingestion's byte path). */
  heartbeatHashed(
    low: number,
    high: number,
    labelSet: number,
    state: SessionState,
    weight: number,
    now: number,
    at: number
  ): HeartbeatOutcome {
    return this.put(low | 0, high | 0, labelSet, state, weightUnits(weight), now, at, true);
  }

  /**
   * Reads, and so brings into the cache, the home index entry and the row it points to of each of the
   * first `n` hash low halves, changing nothing. Ingestion calls it for a group of lines before
   * applying them: at 1M sessions the index and rows are far larger than the cache, and a put waited
   * for two misses one after the other; these loops have independent loads, which the CPU overlaps.
   */
  prefetch(lows: Int32Array, n: number): void {
    const index = this.index;
    const mask = this.mask;
    const entries = this.prefetched;
    n = Math.min(n, entries.length);
    for (let k = 0; k < n; k++) entries[k] = index[(lows[k] as number) & mask] as number;
    let sink = 0;
    for (let k = 0; k < n; k++) {
      const v = entries[k] as number;
      if (v !== 0) sink ^= this.i32[(v - 1) * U32 + 4] as number;
    }
    this.prefetchSink = sink; // kept, so the loads are not optimised away
  }

  private readonly prefetched = new Int32Array(64);
  private prefetchSink = 0;

  /** The label set a live session is counted under, if it is tracked (an ended one is not). */
  labelSetOf(sid: string): number | undefined {
    const row = this.find(hashSid(sid, this.seed) | 0, sidHashHigh | 0);
    return row < 0 || this.u8[row * STRIDE + 28] === SessionState.Ended
      ? undefined
      : (this.u32[row * U32 + 6] as number);
  }

  /**
   * An end at `at` (epoch ms, clamped to `now`) stops counting a session at once, unless a newer event
   * was already applied. The end is remembered in the session's row until one TTL after it, so a line
   * older than the end (a log shipper running behind) is `stale` and cannot recreate the session; an end
   * for a session never seen is remembered too (its older lines may still be on their way). The memory
   * is the table's own: an ended session holds its 32-byte row and index entry for one TTL, as long as a
   * session that goes silent, and a full table reuses ended rows before it refuses a new session.
   */
  end(sid: string, at: number, now: number = at): EndOutcome {
    const low = hashSid(sid, this.seed) | 0;
    return this.endHashed(low, sidHashHigh | 0, at, now);
  }

  /** `end` of a session id already hashed with this table's seed. */
  endHashed(low: number, high: number, at: number, now: number): EndOutcome {
    low |= 0;
    high |= 0;
    at = Math.min(at, now);
    const row = this.find(low, high);
    if (row < 0) {
      if (at + this.ttlMs > now) this.put(low, high, 0, SessionState.Ended, 1, now, at);
      return 'absent';
    }
    if (at < (this.f64[row * F64] as number)) return 'stale';
    const wasEnded = this.u8[row * STRIDE + 28] === SessionState.Ended;
    this.put(
      low,
      high,
      this.u32[row * U32 + 6] as number,
      SessionState.Ended,
      this.f64[row * F64 + 1] as number,
      now,
      at
    );
    return wasEnded ? 'absent' : 'ended';
  }

  /**
   * Expires sessions past their TTL, checking at most `maxRows` live rows from where the last call
   * stopped (expired rows met on the way are removed and not counted), and stopping early once
   * `deadline()` says the slice has run long enough. The gauge does not wait for it (see `counts`):
   * the sweep only frees the rows.
   */
  sweep(now: number, maxRows: number, deadline: () => boolean = () => false): number {
    let removed = 0;
    const horizon = now - this.ttlMs;
    for (let kept = 0, step = 0; kept < maxRows && this.rows > 0; step++) {
      if ((step & 127) === 127 && deadline()) break; // a removal can miss the cache several times
      if (this.sweepCursor >= this.rows) {
        this.sweepCursor = 0;
        if (removed === 0 && kept >= this.rows) break; // a whole pass found nothing to remove
      }
      const row = this.sweepCursor;
      if ((this.f64[row * F64] as number) <= horizon) {
        this.remove(row); // the last row moves here: look at this row again
        removed++;
      } else {
        this.sweepCursor++;
        kept++;
      }
    }
    this.expired += removed;
    return removed;
  }

  /**
   * Weighted viewers (playing + buffering) and buffering alone per label set, as of `now`: sessions past
   * their TTL are left out whether or not the sweeper has reached them.
   */
  counts(now: number): { viewers: Float64Array; rebuffering: Float64Array } {
    const n = this.counted.length;
    const viewers = new Float64Array(n);
    const rebuffering = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      viewers[i] = this.counted[i] ?? 0;
      rebuffering[i] = this.buffering[i] ?? 0;
    }
    this.due.subtractDue(viewers, now);
    this.dueBuffering.subtractDue(rebuffering, now);
    for (let i = 0; i < viewers.length; i++) {
      viewers[i] = viewersOf(viewers[i] as number);
      rebuffering[i] = viewersOf(rebuffering[i] as number);
    }
    return { viewers, rebuffering };
  }

  /** Rows `from`..`from + max` as one block of columns (see `columnOffsets`), copied out. */
  exportRows(from: number, max: number): Buffer {
    const n = Math.max(0, Math.min(max, this.rows - from));
    const at = columnOffsets(n);
    const block = Buffer.alloc(at.end);
    block.writeUInt32LE(n, 0);
    // The file keeps its column layout: the interleaved rows are gathered into one column at a time.
    const lastEventAt = new Float64Array(n);
    const weight = new Float64Array(n);
    const u32 = new Uint32Array(3 * n); // hash low, hash high, label set: three columns back to back
    for (let i = 0; i < n; i++) {
      const r = from + i;
      lastEventAt[i] = this.f64[r * F64] as number;
      weight[i] = this.f64[r * F64 + 1] as number;
      u32[i] = this.u32[r * U32 + 4] as number;
      u32[n + i] = this.u32[r * U32 + 5] as number;
      u32[2 * n + i] = this.u32[r * U32 + 6] as number;
      block[at.state + i] = this.u8[r * STRIDE + 28] as number;
    }
    const bytes = (a: Float64Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    block.set(bytes(lastEventAt), at.lastEventAt);
    block.set(bytes(weight), at.weight);
    block.set(bytes(u32), at.hashLow);
    return block;
  }

  /** Puts back a saved session (on restart; the table's seed must be the file's). */
  restore(r: SessionRecord, now: number): HeartbeatOutcome {
    const at = Math.min(r.lastEventAt, now);
    return this.put(r.hashLow | 0, r.hashHigh | 0, r.labelSet, r.state, r.weightUnits, now, at, false);
  }

  private put(
    low: number,
    high: number,
    labelSet: number,
    state: SessionState,
    units: number,
    now: number,
    at: number,
    /** A heartbeat (not a restore or an end): a session it admits counts as started. */
    admit = false
  ): HeartbeatOutcome {
    if (at + this.ttlMs <= now) return 'stale';
    let row = this.find(low, high);
    if (row >= 0) {
      const last = this.f64[row * F64] as number;
      if (at < last) return 'stale';
      if (
        this.u32[row * U32 + 6] === labelSet &&
        this.u8[row * STRIDE + 28] === state &&
        this.f64[row * F64 + 1] === units &&
        Math.ceil((last + this.ttlMs) / this.due.bucketMs) === Math.ceil((at + this.ttlMs) / this.due.bucketMs)
      ) {
        // Only the time moves, within its expiry bucket: uncounting and counting again would cancel
        // exactly (whole units), so it is skipped, the common heartbeat of a session that plays on.
        this.f64[row * F64] = at;
        return 'applied';
      }
      this.count(row, -1);
      if (this.u8[row * STRIDE + 28] === SessionState.Ended) {
        this.endedRows--;
        if (admit) this.started++;
      }
    } else {
      if (this.rows >= this.capacity && !this.reclaimEnded()) {
        if (state !== SessionState.Ended) this.refused++;
        return 'refused';
      }
      row = this.rows++;
      if (admit) this.started++;
      this.i32[row * U32 + 4] = low;
      this.i32[row * U32 + 5] = high;
      this.index[this.freeEntry(low)] = row + 1;
    }
    this.u32[row * U32 + 6] = labelSet;
    this.u8[row * STRIDE + 28] = state;
    this.f64[row * F64 + 1] = units;
    this.f64[row * F64] = at;
    if (state === SessionState.Ended) this.endedRows++;
    this.count(row, 1);
    return 'applied';
  }

  /** Frees one ended row for a new session (the table is full); false when none is left. */
  private reclaimEnded(): boolean {
    if (this.endedRows === 0) return false;
    // Round-robin from where the last search stopped: with k ended rows among n it looks at ~n/k rows.
    for (;;) {
      if (this.reclaimCursor >= this.rows) this.reclaimCursor = 0;
      const row = this.reclaimCursor++;
      if (this.u8[row * STRIDE + 28] === SessionState.Ended) {
        this.remove(row);
        return true;
      }
    }
  }

  /** The row of a hash (both halves as int32), or -1. */
  private find(low: number, high: number): number {
    for (let e = low & this.mask; ; e = (e + 1) & this.mask) {
      const v = this.index[e] as number;
      if (v === 0) return -1;
      if (this.i32[(v - 1) * U32 + 4] === low && this.i32[(v - 1) * U32 + 5] === high) return v - 1;
    }
  }

  private freeEntry(low: number): number {
    let e = low & this.mask;
    while (this.index[e] !== 0) e = (e + 1) & this.mask;
    return e;
  }

  private entryOf(row: number): number {
    let e = (this.u32[row * U32 + 4] as number) & this.mask;
    while (this.index[e] !== row + 1) e = (e + 1) & this.mask;
    return e;
  }

  private remove(row: number): void {
    this.count(row, -1);
    if (this.u8[row * STRIDE + 28] === SessionState.Ended) this.endedRows--;
    this.unindex(this.entryOf(row));
    const last = --this.rows;
    if (row !== last) {
      // Keep the rows dense: the last row moves into the hole, and its index entry follows it.
      this.index[this.entryOf(last)] = row + 1;
      // Copied as u32 words: bits through a Float64Array could come back as another NaN.
      for (let w = 0; w < U32; w++) this.u32[row * U32 + w] = this.u32[last * U32 + w] as number;
    }
    this.u8[last * STRIDE + 28] = SessionState.Free;
  }

  /** Backward-shift deletion: later entries of the probe chain move up, so no tombstone is left. */
  private unindex(hole: number): void {
    const mask = this.mask;
    for (let e = (hole + 1) & mask; ; e = (e + 1) & mask) {
      const v = this.index[e] as number;
      if (v === 0) break;
      const home = (this.u32[(v - 1) * U32 + 4] as number) & mask;
      // The entry may fill the hole if its home is not cyclically within (hole, e].
      const between = hole <= e ? home > hole && home <= e : home > hole || home <= e;
      if (!between) {
        this.index[hole] = v;
        hole = e;
      }
    }
    this.index[hole] = 0;
  }

  private count(row: number, sign: 1 | -1): void {
    const state = this.u8[row * STRIDE + 28];
    if (state !== SessionState.Playing && state !== SessionState.Buffering) return;
    const id = this.u32[row * U32 + 6] as number;
    const units = this.f64[row * F64 + 1] as number;
    const expiresAt = (this.f64[row * F64] as number) + this.ttlMs;
    this.counted[id] = (this.counted[id] ?? 0) + sign * units;
    this.due.move(id, expiresAt, units, sign);
    if (state === SessionState.Buffering) {
      this.buffering[id] = (this.buffering[id] ?? 0) + sign * units;
      this.dueBuffering.move(id, expiresAt, units, sign);
    }
  }
}
