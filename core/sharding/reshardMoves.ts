import { shardIndexFor, type KetamaRing } from './ketamaRing';

/**
 * What a change of shards does to live sessions. A moved session heartbeats to its new shard while
 * its old shard still holds it until the session TTL runs out: for at most one TTL, the moved weight
 * counts twice in the sum. This is that bound, computed on the sids actually live.
 */
export interface ReshardMoves {
  sessions: number;
  moved: number;
  /** Summed weight of the moved sessions: the most the total can over-count, for at most one TTL. */
  movedWeight: number;
  totalWeight: number;
}

export function reshardMoves(
  before: KetamaRing,
  after: KetamaRing,
  sessions: Iterable<{ sid: string; weight: number }>
): ReshardMoves {
  const out: ReshardMoves = { sessions: 0, moved: 0, movedWeight: 0, totalWeight: 0 };
  for (const s of sessions) {
    out.sessions += 1;
    out.totalWeight += s.weight;
    const from = before.servers[shardIndexFor(before, s.sid)!];
    const to = after.servers[shardIndexFor(after, s.sid)!];
    if (from !== to) {
      out.moved += 1;
      out.movedWeight += s.weight;
    }
  }
  return out;
}

/** Each server's share of the hash space (the keys it owns on a uniform hash), summing to 1. */
export function ringShares(ring: KetamaRing): number[] {
  const shares = ring.servers.map(() => 0);
  const n = ring.hashes.length;
  for (let i = 0; i < n; i++) {
    // Point i owns the keys in (previous point, point i]; the first point also owns the wrap-around.
    const prev = i === 0 ? ring.hashes[n - 1]! - 2 ** 32 : ring.hashes[i - 1]!;
    shares[ring.owners[i]!]! += (ring.hashes[i]! - prev) / 2 ** 32;
  }
  return shares;
}
