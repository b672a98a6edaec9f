const SHARDS = 256;

/**
 * Session id → slot, split over many small Maps. One Map of a million keys rehashes all of them at once
 * when it grows or shrinks (tens of milliseconds); a shard rehashes a few thousand.
 */
export class SidIndex {
  private readonly shards: Map<string, number>[] = Array.from({ length: SHARDS }, () => new Map());
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(sid: string): number | undefined {
    return this.shard(sid).get(sid);
  }

  set(sid: string, slot: number): void {
    const shard = this.shard(sid);
    const before = shard.size;
    shard.set(sid, slot);
    this.count += shard.size - before;
  }

  delete(sid: string): void {
    if (this.shard(sid).delete(sid)) this.count--;
  }

  private shard(sid: string): Map<string, number> {
    let hash = 0x811c9dc5; // FNV-1a over the UTF-16 code units
    for (let i = 0; i < sid.length; i++) hash = Math.imul(hash ^ sid.charCodeAt(i), 0x01000193);
    return this.shards[(hash >>> 0) % SHARDS]!;
  }
}
