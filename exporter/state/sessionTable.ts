import { SidIndex } from './sidIndex';

/** Session states as stored; 0 marks a free slot. */
export const enum SessionState {
  Free = 0,
  Playing = 1,
  Buffering = 2,
  Paused = 3,
}

export interface SessionRecord {
  sid: string;
  labelSet: number;
  state: SessionState;
  weight: number;
  expiresAt: number;
}

/** `stale`: the update is older than the newest event the session already had (or than one TTL). */
export type HeartbeatOutcome = 'applied' | 'refused' | 'stale';
export type EndOutcome = 'ended' | 'absent' | 'stale';

/**
 * Live sessions, kept column-wise in typed arrays so a million sessions cost about 100 bytes each, with
 * per-label-set aggregates updated on every change: reading viewers at scrape never scans the table.
 */
export class SessionTable {
  private readonly slotOf = new SidIndex();
  private readonly sids: string[] = [];
  private readonly expiresAt: Float64Array;
  /** The newest event time applied to each session, epoch ms: older updates are refused. */
  private readonly lastEventAt: Float64Array;
  private readonly weight: Float32Array;
  private readonly labelSet: Uint32Array;
  private readonly state: Uint8Array;
  private readonly free: Int32Array;
  private freeTop = 0;
  private highWater = 0;
  private sweepCursor = 0;
  /** Weighted playing+buffering viewers, and buffering alone, indexed by label-set id. */
  readonly viewers: number[] = [];
  readonly rebuffering: number[] = [];
  refused = 0;
  expired = 0;

  constructor(
    readonly capacity: number,
    readonly ttlMs: number
  ) {
    // Typed arrays are zero-filled lazily by the OS: unused capacity costs address space, not RSS.
    this.expiresAt = new Float64Array(capacity);
    this.lastEventAt = new Float64Array(capacity);
    this.weight = new Float32Array(capacity);
    this.labelSet = new Uint32Array(capacity);
    this.state = new Uint8Array(capacity);
    this.free = new Int32Array(capacity);
  }

  get size(): number {
    return this.slotOf.size;
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
    if (at + this.ttlMs <= now) return 'stale';
    let slot = this.slotOf.get(sid);
    if (slot !== undefined && at < (this.lastEventAt[slot] as number)) return 'stale';
    if (slot === undefined) {
      if (this.slotOf.size >= this.capacity) {
        this.refused++;
        return 'refused';
      }
      slot = this.freeTop > 0 ? (this.free[--this.freeTop] as number) : this.highWater++;
      this.slotOf.set(sid, slot);
      this.sids[slot] = sid;
    } else {
      this.count(slot, -1);
    }
    this.labelSet[slot] = labelSet;
    this.state[slot] = state;
    this.weight[slot] = weight;
    this.expiresAt[slot] = at + this.ttlMs;
    this.lastEventAt[slot] = at;
    this.count(slot, 1);
    return 'applied';
  }

  /** The label set a live session is counted under, if it is tracked. */
  labelSetOf(sid: string): number | undefined {
    const slot = this.slotOf.get(sid);
    return slot === undefined ? undefined : (this.labelSet[slot] as number);
  }

  /** `ended` removes a session at once, unless a newer heartbeat than the end was already applied. */
  end(sid: string, at = Number.POSITIVE_INFINITY): EndOutcome {
    const slot = this.slotOf.get(sid);
    if (slot === undefined) return 'absent';
    if (at < (this.lastEventAt[slot] as number)) return 'stale';
    this.remove(slot);
    return 'ended';
  }

  /**
   * Expires sessions past their TTL, visiting at most `maxSlots` slots from where the last call stopped
   * and stopping early once `deadline()` says the slice has run long enough, so expiry is spread over
   * many short slices and never blocks the event loop.
   */
  sweep(now: number, maxSlots: number, deadline: () => boolean = () => false): number {
    let removed = 0;
    const end = this.highWater;
    for (let visited = 0; visited < maxSlots && end > 0; visited++) {
      if ((visited & 1023) === 1023 && deadline()) break;
      if (this.sweepCursor >= end) this.sweepCursor = 0;
      const slot = this.sweepCursor++;
      if (this.state[slot] !== SessionState.Free && (this.expiresAt[slot] as number) <= now) {
        this.remove(slot);
        removed++;
      }
    }
    this.expired += removed;
    return removed;
  }

  /** Slots the sweep walks through in one full pass. */
  get span(): number {
    return this.highWater;
  }

  *records(): Generator<SessionRecord> {
    for (let slot = 0; slot < this.highWater; slot++) {
      const state = this.state[slot] as SessionState;
      if (state === SessionState.Free) continue;
      yield {
        sid: this.sids[slot] as string,
        labelSet: this.labelSet[slot] as number,
        state,
        weight: this.weight[slot] as number,
        expiresAt: this.expiresAt[slot] as number,
      };
    }
  }

  /** Puts back a saved session with its own expiry (used on restart). */
  restore(record: SessionRecord): HeartbeatOutcome {
    // Its last event is taken as one TTL before its expiry: an older replayed update stays stale.
    const at = record.expiresAt - this.ttlMs;
    return this.heartbeat(record.sid, record.labelSet, record.state, record.weight, at, at);
  }

  private remove(slot: number): void {
    this.count(slot, -1);
    this.state[slot] = SessionState.Free;
    this.slotOf.delete(this.sids[slot] as string);
    this.sids[slot] = '';
    this.free[this.freeTop++] = slot;
  }

  private count(slot: number, sign: 1 | -1): void {
    const state = this.state[slot];
    if (state !== SessionState.Playing && state !== SessionState.Buffering) return;
    const id = this.labelSet[slot] as number;
    const w = sign * (this.weight[slot] as number);
    this.viewers[id] = (this.viewers[id] ?? 0) + w;
    if (state === SessionState.Buffering) this.rebuffering[id] = (this.rebuffering[id] ?? 0) + w;
  }
}
