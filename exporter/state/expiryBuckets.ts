/** Buckets per TTL: a session's expiry shows in the viewer gauge at most TTL / 8 after it is due. */
const BUCKETS_PER_TTL = 8;

/**
 * Counted weight by expiry time, in coarse buckets per label set, so a read can leave out every session
 * already past its TTL without waiting for the sweeper to reach it: 2M sessions expiring at once leave
 * the gauge within one bucket, while the sweeper removes them in short slices behind it.
 *
 * A ring of buckets covers twice the TTL; a bucket that the ring needs again while the sweeper still
 * owes it sessions (far behind) is folded into `overdue`, which is as expired as it.
 */
export class ExpiryBuckets {
  readonly bucketMs: number;
  private readonly ring: number;
  /** The absolute bucket number each ring slot holds, and its units per label set. */
  private readonly bucketOfSlot: Float64Array;
  private readonly held: Float64Array;
  private readonly units: number[][];
  private readonly overdue: number[] = [];

  constructor(ttlMs: number) {
    this.bucketMs = Math.max(1, Math.ceil(ttlMs / BUCKETS_PER_TTL));
    this.ring = 2 * BUCKETS_PER_TTL + 4;
    this.bucketOfSlot = new Float64Array(this.ring).fill(-1);
    this.held = new Float64Array(this.ring);
    this.units = Array.from({ length: this.ring }, () => []);
  }

  /** Counts (sign 1) or uncounts (-1) `units` of a label set due to expire at `expiresAt`. */
  move(labelSet: number, expiresAt: number, units: number, sign: 1 | -1): void {
    const bucket = Math.ceil(expiresAt / this.bucketMs);
    const slot = bucket % this.ring;
    const heldBucket = this.bucketOfSlot[slot] as number;
    if (heldBucket !== bucket) {
      if (sign < 0 || heldBucket > bucket) {
        // An old session leaving after its bucket's slot was reused: its weight went to `overdue`.
        this.overdue[labelSet] = (this.overdue[labelSet] ?? 0) + sign * units;
        return;
      }
      this.recycle(slot, bucket);
    }
    const row = this.units[slot]!;
    row[labelSet] = (row[labelSet] ?? 0) + sign * units;
    this.held[slot] = (this.held[slot] as number) + sign * units;
  }

  /** Subtracts from `totals` (units per label set) the units of every bucket already due at `now`. */
  subtractDue(totals: Float64Array, now: number): void {
    for (let slot = 0; slot < this.ring; slot++) {
      if (this.held[slot] === 0 || (this.bucketOfSlot[slot] as number) * this.bucketMs > now) continue;
      subtract(totals, this.units[slot]!);
    }
    subtract(totals, this.overdue);
  }

  private recycle(slot: number, bucket: number): void {
    if (this.held[slot] !== 0) {
      const row = this.units[slot]!;
      row.forEach((u, labelSet) => {
        if (u) this.overdue[labelSet] = (this.overdue[labelSet] ?? 0) + u;
      });
    }
    this.units[slot] = [];
    this.held[slot] = 0;
    this.bucketOfSlot[slot] = bucket;
  }
}

function subtract(totals: Float64Array, units: number[]): void {
  const n = Math.min(units.length, totals.length);
  for (let i = 0; i < n; i++) {
    const u = units[i];
    if (u) totals[i] = (totals[i] as number) - u;
  }
}
