import type { Point } from '../../core/forecast';
import { RingBuffer } from './ring-buffer';

export interface TierSizes {
  /** Recent samples at full resolution. */
  fine: number;
  /** Older past, one averaged sample per coarseMs. */
  coarse: number;
  coarseMs: number;
}

/** Two hours at 15 s, then a day at 5 min: enough for the pre-event baseline and a seasonal look-back. */
export const DEFAULT_TIERS: TierSizes = { fine: 480, coarse: 288, coarseMs: 300_000 };

/**
 * One series kept at two resolutions in fixed memory: a fine ring of recent samples and a coarse
 * ring of 5-minute means, so a 12-hour premiere still knows its pre-event baseline.
 */
export class TieredSeries {
  private readonly fine: RingBuffer;
  private readonly coarse: RingBuffer;
  private bucket = { start: NaN, sum: 0, n: 0 };

  constructor(private readonly sizes: TierSizes = DEFAULT_TIERS) {
    this.fine = new RingBuffer(sizes.fine);
    this.coarse = new RingBuffer(sizes.coarse);
  }

  push(t: number, v: number): void {
    if (!Number.isFinite(t) || !Number.isFinite(v)) return;
    const last = this.fine.latest();
    if (last && t <= last.t) return; // out-of-order sample: the clock stepped back
    this.fine.push(t, v);
    const start = t - (t % this.sizes.coarseMs);
    if (start !== this.bucket.start) {
      if (this.bucket.n) this.coarse.push(this.bucket.start + this.sizes.coarseMs / 2, this.bucket.sum / this.bucket.n);
      this.bucket = { start, sum: 0, n: 0 };
    }
    this.bucket.sum += v;
    this.bucket.n++;
  }

  latest(): Point | undefined {
    return this.fine.latest();
  }

  /** Coarse samples older than the fine ring, then the fine ring: one series, oldest first, from `since` on, at most one per `everyMs`. */
  points(since = -Infinity, everyMs = 0): Point[] {
    const fine = this.fine.toPoints(since, everyMs);
    const firstFine = this.fine.oldest()?.t ?? Infinity;
    if (since >= firstFine) return fine;
    const older = this.coarse.toPoints(since).filter((p) => p.t < firstFine);
    return older.length ? older.concat(fine) : fine;
  }
}
