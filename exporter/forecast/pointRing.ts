import type { Point } from '../../core/forecast';

/**
 * Fixed-size ring of Point objects. Reading it hands out the stored objects (no copies), so a
 * forecast refresh over hundreds of titles does not allocate a fresh point per sample.
 */
export class PointRing {
  private readonly items: (Point | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`point ring capacity must be at least 1, got ${capacity}`);
    this.items = new Array(capacity);
  }

  push(point: Point): void {
    this.items[this.next] = point;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  latest(): Point | undefined {
    return this.count ? this.items[(this.next - 1 + this.capacity) % this.capacity] : undefined;
  }

  oldest(): Point | undefined {
    return this.count ? this.items[(this.next - this.count + this.capacity) % this.capacity] : undefined;
  }

  /** Oldest first, from `since` on (found from the newest end). */
  toPoints(since = -Infinity): Point[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    let first = this.count;
    while (first > 0 && (this.items[(start + first - 1) % this.capacity] as Point).t >= since) first--;
    const out: Point[] = new Array(this.count - first);
    for (let i = first; i < this.count; i++) out[i - first] = this.items[(start + i) % this.capacity] as Point;
    return out;
  }
}
