import { performance } from 'node:perf_hooks';

/**
 * An idle gain below this is a poll that found sockets ready and returned at once (a few µs), not a
 * loop that waited for work.
 */
const IDLE_MS = 0.5;
/** The window over which the smallest wait is taken (CoDel's interval): a burst drains within it. */
export const STANDING_WINDOW_MS = 100;

export interface LoopClock {
  now(): number;
  /** The loop's idle time so far, in ms (libuv's count of time blocked in its poll). */
  idleMs(): number;
  /** The CPU time this process has spent so far, in ms. */
  cpuMs(): number;
  /** Runs `fn` once the loop's current poll pass is over (the check phase). */
  afterPass(fn: () => void): void;
}

const nodeClock: LoopClock = {
  now: () => performance.now(),
  idleMs: () => performance.eventLoopUtilization().idle,
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  afterPass: (fn) => setImmediate(fn),
};

/**
 * How long a request read now has waited in its socket for the loop, estimated from the loop's own
 * passes, since Node never sees when bytes reached the kernel. The poll hands the loop every socket
 * that became readable while it was busy, and they are read one after another in one pass:
 * - a pass after the loop idled (it waited in its poll for work): the requests arrived as it woke, so
 *   a request waited for those read before it in the pass, and nothing queued from before: 0 carried;
 * - a pass that follows another with no idle between (a loop that never waits: overload): its
 *   requests arrived during the previous pass, on average at its middle, so each has waited half
 *   that pass and what was read before it in its own. The time between the two passes is left out:
 *   the loop may have polled in it (slices of a large body are taken on later turns), so a request
 *   could not have waited through it; a long block there (a GC pause) is the lag's to see, not a queue.
 * At twice its capacity the exporter saw about one request in flight at a time (the queue was in the
 * sockets and the client's 16 connections), so a count of requests in flight never rose; this does.
 *
 * `sustainedMs()` is the wait carried over from a previous pass: 0 after an idle. A burst that reaches
 * an idle exporter (players' posts of one tick together) is never shed for its own length.
 *
 * The wait is capped by the CPU the process spent over the same time, as the lag's stalls are
 * (eventLoopLag.ts): a process the machine starves of CPU (other processes on its cores) waits without
 * working, and shedding more would not give it the CPU back. Uncapped, a 2-minute soak at 2x under a
 * load average of 8-9 shed 77% of its requests and accepted 52k events/s.
 */
export class QueueDelay {
  private open = false;
  private passStart = 0;
  private prevEnd = Number.NaN;
  private passCpu = 0;
  private prevHalfMs = 0;
  private prevHalfCpuMs = 0;
  private idleAtPrevEnd = 0;
  private idledBefore = true;
  private windowStart = Number.NaN;
  private windowMin = Number.POSITIVE_INFINITY;
  private standing = 0;
  private readonly closePass = () => {
    this.open = false;
    this.prevEnd = this.clock.now();
    this.prevHalfMs = (this.prevEnd - this.passStart) / 2;
    this.prevHalfCpuMs = (this.clock.cpuMs() - this.passCpu) / 2;
    this.idleAtPrevEnd = this.clock.idleMs();
  };

  /**
   * `exactFromMs`: a wait whose uncapped estimate is below this is returned uncapped, without reading
   * the CPU clock (process.cpuUsage: a getrusage call over every thread, ~1.2 us, once per request
   * read in a pass that followed another). The cap only lowers a wait, so a caller that acts only on
   * waits of this much or more (the admission gate, from SHED_FROM_MS, on the smallest wait of a
   * window) sees the same decisions. 0: every wait exact.
   */
  constructor(
    private readonly clock: LoopClock = nodeClock,
    private readonly exactFromMs = 0
  ) {}

  /** The wait, in ms, of a request being read now that was queued behind an earlier pass (0 if none was). */
  sustainedMs(): number {
    const now = this.clock.now();
    if (!this.open) {
      this.open = true;
      this.passStart = now;
      this.passCpu = this.clock.cpuMs();
      this.idledBefore = Number.isNaN(this.prevEnd) || this.clock.idleMs() - this.idleAtPrevEnd >= IDLE_MS;
      this.clock.afterPass(this.closePass);
    }
    if (this.idledBefore) return 0;
    const waited = this.prevHalfMs + now - this.passStart;
    // The cap is min(waited, prevHalfCpuMs + CPU since the pass began): it cannot lower a wait within
    // prevHalfCpuMs, and below exactFromMs the caller does not need it lowered.
    if (waited < this.exactFromMs || waited <= this.prevHalfCpuMs) return waited;
    return Math.min(waited, this.prevHalfCpuMs + this.clock.cpuMs() - this.passCpu);
  }

  /**
   * The standing queue, in ms: the smallest wait of the requests read over the last whole
   * `STANDING_WINDOW_MS` (as CoDel reads a queue). A queue that drains within the window (a burst,
   * a GC pause's backlog) shows no standing wait; only a loop that stays behind all along does. Without
   * it, at the bench's rate (1x) each major GC's backlog was shed. Reads (and counts) one request.
   */
  standingMs(): number {
    const waited = this.sustainedMs();
    const now = this.clock.now();
    if (!(now - this.windowStart < STANDING_WINDOW_MS)) {
      // A window with no request in it (or more than one gone by) saw no queue.
      const gone = now - this.windowStart >= 2 * STANDING_WINDOW_MS;
      this.standing = gone || this.windowMin === Number.POSITIVE_INFINITY ? 0 : this.windowMin;
      this.windowStart = Number.isNaN(this.windowStart) || gone ? now : this.windowStart + STANDING_WINDOW_MS;
      this.windowMin = Number.POSITIVE_INFINITY;
    }
    this.windowMin = Math.min(this.windowMin, waited);
    return this.standing;
  }
}
