import type { Point } from '../../core/forecast';

/** Fixed-size ring of (t, v) samples: the oldest is overwritten, memory never grows. */
export class RingBuffer {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`ring buffer capacity must be at least 1, got ${capacity}`);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(t: number, v: number): void {
    this.times[this.next] = t;
    this.values[this.next] = v;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Oldest first; only samples at or after `since` (found from the newest end, so a short tail is cheap). */
  toPoints(since = -Infinity): Point[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    let first = this.count;
    while (first > 0 && (this.times[(start + first - 1) % this.capacity] as number) >= since) first--;
    const out: Point[] = new Array(this.count - first);
    for (let i = first; i < this.count; i++) {
      const j = (start + i) % this.capacity;
      out[i - first] = { t: this.times[j] as number, v: this.values[j] as number };
    }
    return out;
  }

  oldest(): Point | undefined {
    if (this.count === 0) return undefined;
    const j = (this.next - this.count + this.capacity) % this.capacity;
    return { t: this.times[j] as number, v: this.values[j] as number };
  }

  latest(): Point | undefined {
    if (this.count === 0) return undefined;
    const j = (this.next - 1 + this.capacity) % this.capacity;
    return { t: this.times[j] as number, v: this.values[j] as number };
  }
}
