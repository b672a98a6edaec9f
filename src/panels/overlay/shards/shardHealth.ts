/**
 * How many exporter shards the totals stand on. Every total is a sum over shards, so a shard that is
 * down or gone makes the total read low without a viewer leaving: the panel says so beside the total
 * instead of letting it pass for a drop in audience. Pure: fed the `up` series of the exporter job.
 */
export interface ShardSeries {
  instance: string;
  points: Array<{ t: number; v: number }>;
}

export interface ShardHealth {
  /** Every shard seen in the range. */
  expected: number;
  up: number;
  /** The shards down (last `up` is 0) or gone (no `up` sample lately), sorted. */
  missing: string[];
}

/**
 * A shard counts as gone when its newest sample is older than the newest of any shard by more than
 * `staleMs` (default: three steps of the range, so one late scrape is not a missing shard).
 */
export function shardHealth(series: readonly ShardSeries[], staleMs?: number): ShardHealth {
  const shards = new Map<string, { t: number; v: number }>();
  let step = Infinity;
  for (const s of series) {
    const last = s.points[s.points.length - 1];
    if (!last) continue;
    for (let i = 1; i < s.points.length; i++) step = Math.min(step, s.points[i]!.t - s.points[i - 1]!.t || Infinity);
    const seen = shards.get(s.instance);
    // Two series of one instance (say, a relabel): the newer sample speaks for it.
    if (!seen || last.t > seen.t) shards.set(s.instance, last);
  }
  const newest = Math.max(...[...shards.values()].map((p) => p.t));
  const stale = staleMs ?? (Number.isFinite(step) ? 3 * step : 60_000);
  const missing = [...shards]
    .filter(([, last]) => last.v < 1 || newest - last.t > stale)
    .map(([instance]) => instance)
    .sort();
  return { expected: shards.size, up: shards.size - missing.length, missing };
}

/** "1 of 4 shards missing", or nothing when every shard is there. */
export function shardsMissingText(health: ShardHealth): string | undefined {
  if (health.missing.length === 0) return undefined;
  return `${health.missing.length} of ${health.expected} ${health.expected === 1 ? 'shard' : 'shards'} missing`;
}
