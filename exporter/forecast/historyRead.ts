import type { Point } from '../../core/forecast';
import type { HistoryRun } from '../../core/forecast/historyRuns';
import { PointRing } from './pointRing';

/**
 * A title's history planned at one instant and copied later: its runs (which rings, which push
 * sequences) are fixed when the read is made, in O(runs), and points() copies exactly those points
 * whenever it is called, even after the rings took more samples (each ring is held: it keeps what
 * it pushes out until release). A sliced refresh plans every title's read at its start (one
 * consistent view: the same `now`, the same points) and copies each one in the slice that
 * forecasts it: copying 600 histories at once (~1,100 points each) kept the loop waiting ~25 ms.
 */
export class HistoryRead {
  private released = false;

  constructor(
    /** The runs, in order; a run whose store is not a ring is the series' newest sample (`newest`). */
    readonly runs: HistoryRun[],
    readonly length: number,
    private readonly newest: Point | undefined,
    held: boolean
  ) {
    this.released = !held;
  }

  /** The planned points, oldest first (a new array each call). */
  points(): Point[] {
    const out: Point[] = new Array(this.length);
    let at = 0;
    for (const run of this.runs) {
      if (run.store instanceof PointRing) run.store.copySeqInto(out, at, run.first, run.count);
      else out[at] = this.newest as Point;
      at += run.count;
    }
    return out;
  }

  /** The last planned point with t <= now (the end of points() cut at now, see refresh upTo), without copying. */
  lastUpTo(now: number): Point | undefined {
    for (let r = this.runs.length - 1; r >= 0; r--) {
      const run = this.runs[r] as HistoryRun;
      const ring = run.store instanceof PointRing ? run.store : undefined;
      for (let i = run.count - 1; i >= 0; i--) {
        const point = ring ? ring.atSeq(run.first + i) : (this.newest as Point);
        if (point.t <= now) return point;
      }
    }
    return undefined;
  }

  /** Lets the rings drop what they kept for this read (once; later calls do nothing). */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const run of this.runs) if (run.store instanceof PointRing) run.store.release();
  }
}
