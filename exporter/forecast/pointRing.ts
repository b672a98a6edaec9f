import type { Point } from '../../core/forecast';

/**
 * Fixed-size ring of Point objects. Reading it hands out the stored objects (no copies), so a
 * forecast refresh over hundreds of titles does not allocate a fresh point per sample.
 */
export class PointRing {
  private readonly items: (Point | undefined)[];
  /**
   * Each kept point's t beside it, contiguous: the binary searches read these instead of the points
   * (scattered in the heap, a cache miss each: countBefore was 3% of a refresh).
   */
  private readonly times: Float64Array;
  private next = 0;
  private count = 0;
  /** Points pushed so far: point at(i) was the (pushed − size + i)-th (its push sequence, see HistoryRuns). */
  private pushed = 0;
  /**
   * Reads holding this ring (hold/release): while one is open, a point pushed out is kept in `retired`
   * (oldest first, the first with push sequence retiredFirst), so a read planned at one instant copies
   * the same points later (a sliced refresh: see HistoryRead). Emptied when the last read releases.
   */
  private holds = 0;
  private retired: Point[] = [];
  private retiredFirst = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`point ring capacity must be at least 1, got ${capacity}`);
    this.items = new Array(capacity);
    this.times = new Float64Array(capacity);
  }

  push(point: Point): void {
    if (this.holds > 0 && this.count === this.capacity) {
      if (!this.retired.length) this.retiredFirst = this.pushed - this.count;
      this.retired.push(this.items[this.next] as Point);
    }
    this.items[this.next] = point;
    this.times[this.next] = point.t;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.pushed++;
  }

  /** The push sequence of at(i): a stored point never changes, so (ring, sequence) names one point. */
  seqAt(i: number): number {
    return this.pushed - this.count + i;
  }

  /** A read planned now will copy points later: keep the points it names until release(). */
  hold(): void {
    this.holds++;
  }

  release(): void {
    if (this.holds <= 0) throw new Error('point ring released more often than held');
    if (--this.holds === 0) this.retired = [];
  }

  /** The point with push sequence `seq`: kept in the ring, or pushed out while a read held it. */
  atSeq(seq: number): Point {
    const oldest = this.pushed - this.count;
    if (seq >= oldest && seq < this.pushed) return this.at(seq - oldest);
    const point = this.retired[seq - this.retiredFirst];
    if (point === undefined) throw new Error(`point ring: sequence ${seq} is neither kept nor held`);
    return point;
  }

  /** The `n` points from push sequence `first` on into `out` from `offset` (atSeq's points, copied in runs). */
  copySeqInto(out: Point[], offset: number, first: number, n: number): void {
    const oldest = this.pushed - this.count;
    const pushedOut = Math.max(0, Math.min(n, oldest - first));
    for (let i = 0; i < pushedOut; i++) out[offset + i] = this.atSeq(first + i);
    if (first + n > this.pushed) throw new Error(`point ring: sequence ${first + n - 1} not pushed yet`);
    this.copyInto(out, offset + pushedOut, first + pushedOut - oldest, first + n - oldest);
  }

  latest(): Point | undefined {
    return this.count ? this.items[(this.next - 1 + this.capacity) % this.capacity] : undefined;
  }

  oldest(): Point | undefined {
    return this.count ? this.items[(this.next - this.count + this.capacity) % this.capacity] : undefined;
  }

  get size(): number {
    return this.count;
  }

  /** The i-th point kept, oldest first (0 ≤ i < size). */
  at(i: number): Point {
    return this.items[(this.next - this.count + i + this.capacity) % this.capacity] as Point;
  }

  /** The t of at(i). */
  timeAt(i: number): number {
    return this.times[(this.next - this.count + i + this.capacity) % this.capacity] as number;
  }

  /**
   * How many of the oldest points have t < bound: points are pushed in time order (TieredSeries keeps
   * them so), so a binary search finds it (a walk read every point kept: with eight days of a title's
   * points, reading 500 titles' series was more CPU than forecasting them). NaN: all of them.
   */
  countBefore(bound: number): number {
    if (Number.isNaN(bound)) return this.count;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Points from index `from` to before `to` (oldest first) into `out` from `offset`. */
  copyInto(out: Point[], offset: number, from: number, to: number): void {
    if (to <= from) return;
    // At most two contiguous runs of the backing array (no modulo per point).
    const cap = this.capacity;
    const first = (this.next - this.count + from + cap) % cap;
    const n = to - from;
    const run = Math.min(n, cap - first);
    const items = this.items;
    for (let i = 0; i < run; i++) out[offset + i] = items[first + i] as Point;
    for (let i = run; i < n; i++) out[offset + i] = items[i - run] as Point;
  }

  /** Oldest first, from `since` on. */
  toPoints(since = -Infinity): Point[] {
    const first = this.countBefore(since);
    const out: Point[] = new Array(this.count - first);
    this.copyInto(out, 0, first, this.count);
    return out;
  }
}
