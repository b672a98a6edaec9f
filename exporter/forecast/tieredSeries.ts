import type { Point } from '../../core/forecast';
import type { HistoryRun } from '../../core/forecast/historyRuns';
import { RingBuffer } from './ringBuffer';
import { PointRing } from './pointRing';
import { HistoryRead } from './historyRead';

export interface TierSizes {
  /** Recent samples at full resolution (for the preview page's history). */
  fine: number;
  /** One sample a minute (what forecasts read). */
  minute: number;
  /** Older past, one averaged sample per coarseMs. */
  coarse: number;
  coarseMs: number;
  /** Oldest past, one averaged sample per daysMs, for the model's daily profile (absent: not kept). */
  days?: number;
  daysMs?: number;
}

const MINUTE = 60_000;

/** A ring's points from index `from` to before `to` as a run (and the ring held for a later copy). */
function takeRun(runs: HistoryRun[], ring: PointRing, from: number, to: number, hold: boolean): void {
  if (to <= from) return;
  runs.push({ store: ring, first: ring.seqAt(from), count: to - from });
  if (hold) ring.hold();
}

/** Two hours at full rate, three hours a minute apart, then a day at 5 min. */
export const DEFAULT_TIERS: TierSizes = { fine: 480, minute: 180, coarse: 288, coarseMs: 300_000 };
/**
 * A title's series also keeps eight days of 15-minute means: the model's daily profile reads the same
 * instant on the last seven days (core/forecast expectedLevel), and without them it falls back to the
 * flat baseline live (leave-one-out launches at T+30m: 24.1% error with 24 h of history, 13.1% with 8 days).
 * 768 points a title, bounded by maxTitles.
 */
export const TITLE_TIERS: TierSizes = { ...DEFAULT_TIERS, days: 8 * 96, daysMs: 900_000 };

/**
 * One series kept at three resolutions in fixed memory: a fine ring of recent samples, a ring of one
 * sample a minute, and a ring of 5-minute means, so a 12-hour premiere still knows its pre-event
 * baseline and a refresh reads stored points instead of building new ones.
 */
export class TieredSeries {
  private readonly fine: RingBuffer;
  private readonly minute: PointRing;
  private readonly coarse: PointRing;
  private readonly days: PointRing | undefined;
  private bucket = { start: NaN, sum: 0, n: 0 };
  private dayBucket = { start: NaN, sum: 0, n: 0 };
  private newest: Point | undefined;
  /** Samples taken (the newest's sequence), and the newest's store identity in HistoryRuns. */
  private taken = 0;
  private readonly newestStore = {};

  constructor(private readonly sizes: TierSizes = DEFAULT_TIERS) {
    this.fine = new RingBuffer(sizes.fine);
    this.minute = new PointRing(sizes.minute);
    this.coarse = new PointRing(sizes.coarse);
    const { days, daysMs } = sizes;
    if (days !== undefined || daysMs !== undefined) {
      if (!(daysMs !== undefined && daysMs > 0 && Number.isFinite(daysMs)))
        throw new Error(`days tier needs a positive daysMs, got ${daysMs}`);
      this.days = new PointRing(days ?? 0);
    }
  }

  push(t: number, v: number): void {
    if (!Number.isFinite(t) || !Number.isFinite(v)) return;
    if (this.newest && t <= this.newest.t) return; // out-of-order sample: the clock stepped back
    this.newest = { t, v };
    this.taken++;
    this.fine.push(t, v);
    const lastMinute = this.minute.latest();
    if (!lastMinute || t - lastMinute.t >= MINUTE) this.minute.push(this.newest);
    const start = t - (t % this.sizes.coarseMs);
    if (start !== this.bucket.start) {
      if (this.bucket.n)
        this.coarse.push({ t: this.bucket.start + this.sizes.coarseMs / 2, v: this.bucket.sum / this.bucket.n });
      this.bucket = { start, sum: 0, n: 0 };
    }
    this.bucket.sum += v;
    this.bucket.n++;
    if (this.days) {
      const ms = this.sizes.daysMs as number;
      const dayStart = t - (t % ms);
      if (dayStart !== this.dayBucket.start) {
        if (this.dayBucket.n)
          this.days.push({ t: this.dayBucket.start + ms / 2, v: this.dayBucket.sum / this.dayBucket.n });
        this.dayBucket = { start: dayStart, sum: 0, n: 0 };
      }
      this.dayBucket.sum += v;
      this.dayBucket.n++;
    }
  }

  latest(): Point | undefined {
    return this.newest;
  }

  /** Full resolution, with 5-minute means before the fine ring: the preview page's history. */
  points(since = -Infinity): Point[] {
    const fine = this.fine.toPoints(since);
    return this.withOlder(fine, this.fine.oldest()?.t ?? Infinity, since);
  }

  /**
   * About one sample a minute (plus the newest), with 5-minute means before that and, in a title's
   * series, 15-minute means before those (eight days): what forecasts read. Each tier's part is found
   * by binary search (every ring is in time order) and copied once into one array: the stored points,
   * no point read beyond the searches (the walks and filters read each point two or three times:
   * ~180 µs a title, more than its forecast).
   */
  minutePoints(since = -Infinity): Point[] {
    return this.minuteHistory(since).points;
  }

  /**
   * minutePoints with where each point comes from (HistoryRuns: one run per tier, and the newest), so a
   * forecast memo finds what changed since its last read without reading the points.
   */
  minuteHistory(since = -Infinity): { points: Point[]; runs: HistoryRun[] } {
    const read = this.plan(since, false);
    return { points: read.points(), runs: read.runs };
  }

  /**
   * minuteHistory's read planned now and copied later (HistoryRead.points(): the same points, however
   * many samples came since); the rings keep what the read names until its release().
   */
  readHistory(since = -Infinity): HistoryRead {
    return this.plan(since, true);
  }

  private plan(since: number, hold: boolean): HistoryRead {
    const minute = this.minute;
    const mFrom = minute.countBefore(since);
    const mLast = minute.size ? minute.timeAt(minute.size - 1) : NaN;
    const newest = this.newest && mFrom < minute.size && this.newest.t > mLast ? this.newest : undefined;
    const firstRecent = minute.size ? minute.timeAt(0) : Infinity;
    // The 5-minute means from `since` to before the minute ring's oldest point.
    let cFrom = 0;
    let cTo = 0;
    if (since < firstRecent) {
      cFrom = this.coarse.countBefore(since);
      cTo = Math.max(cFrom, this.coarse.countBefore(firstRecent));
    }
    // The 15-minute means from `since` to before the first point of the tiers above.
    const first = cTo > cFrom ? this.coarse.timeAt(cFrom) : mFrom < minute.size ? minute.timeAt(mFrom) : Infinity;
    let dFrom = 0;
    let dTo = 0;
    if (this.days && since < first) {
      dFrom = this.days.countBefore(since);
      dTo = Math.max(dFrom, this.days.countBefore(first));
    }
    const runs: HistoryRun[] = [];
    // (no closure here: tsx's keepNames names each closure made, ~1 µs, 600 times a refresh)
    if (this.days) takeRun(runs, this.days, dFrom, dTo, hold);
    takeRun(runs, this.coarse, cFrom, cTo, hold);
    takeRun(runs, minute, mFrom, minute.size, hold);
    if (newest) runs.push({ store: this.newestStore, first: this.taken, count: 1 });
    const length = dTo - dFrom + (cTo - cFrom) + (minute.size - mFrom) + (newest ? 1 : 0);
    return new HistoryRead(runs, length, newest, hold);
  }

  private withOlder(recent: Point[], firstRecent: number, since: number): Point[] {
    if (since >= firstRecent) return recent;
    const older = this.coarse.toPoints(since).filter((p) => p.t < firstRecent);
    return older.length ? older.concat(recent) : recent;
  }
}
