import { buildKetamaRing, partitionBySid, shardServerOf, sidOfJsonLine } from '../../core/sharding';
import {
  createExporterPoster,
  packBodies,
  type EventPoster,
  type PosterOptions,
  type PosterStats,
} from './exporterPoster';

/**
 * Sends batches to several exporter shards, each session to the shard nginx's `hash $launchday_sid
 * consistent` would pick (core/sharding), so a session counts on one shard only. A shard that cannot
 * be reached is skipped for `downForMs` and its sessions go where nginx would send them: the next
 * shard on the ring. Lines without a session (logins, segment results) are spread over the shards.
 * Batches go to the shards directly, never through nginx: nginx fails a request over as a whole, so a
 * batch for a dead shard would land on one fallback shard, while each of its sessions belongs on its
 * own next shard on the ring (where its single requests go): the session would then count on two.
 */
export interface ShardedPosterOptions extends Omit<PosterOptions, 'target'> {
  targets: string[];
  /** How long an unreachable shard is left out before it is tried again. */
  downForMs?: number;
  /** Called when a shard is left out or taken back. */
  onShardChange?: (target: string, up: boolean, reason?: string) => void;
}

export interface ShardedPoster extends EventPoster {
  readonly targets: readonly string[];
  /** Lines sent per shard so far. */
  readonly linesPerShard: readonly number[];
}

export function createShardedPoster(options: ShardedPosterOptions): ShardedPoster {
  const { targets } = options;
  if (targets.length === 0) throw new Error('no target');
  const servers = targets.map(shardServerOf);
  const duplicate = servers.find((s, i) => servers.indexOf(s) !== i);
  if (duplicate) throw new Error(`target ${duplicate} is listed twice`);
  const ring = buildKetamaRing(servers.map((server) => ({ server })));
  const maxBody = options.maxBodyBytes ?? 900 * 1024;
  const downForMs = options.downForMs ?? 5_000;
  // Failover needs to notice a dead shard in well under a TTL: two network retries, not eight.
  const posters = targets.map((target) =>
    createExporterPoster({ ...options, target, maxNetworkRetries: options.maxNetworkRetries ?? 2 })
  );
  const downUntil = targets.map(() => 0);
  const linesPerShard = targets.map(() => 0);
  const usable = (i: number) => downUntil[i]! <= Date.now();

  async function sendPart(shard: number, lines: string[]): Promise<void> {
    const bodies = packBodies(lines, maxBody).map((b) => b.slice(0, -1).split('\n'));
    for (const [i, body] of bodies.entries()) {
      if (!usable(shard)) {
        // Left out while this part was on its way: the rest of it goes where the ring walks next.
        await send(bodies.slice(i).flat());
        return;
      }
      try {
        await posters[shard]!.send(body);
        linesPerShard[shard]! += body.length;
        if (downUntil[shard]! > 0) {
          downUntil[shard] = 0;
          options.onShardChange?.(targets[shard]!, true);
        }
      } catch (error) {
        if (options.signal?.aborted) return;
        // Unreachable: leave it out, and send this body's lines to where the ring goes next.
        downUntil[shard] = Date.now() + downForMs;
        options.onShardChange?.(targets[shard]!, false, (error as Error).message);
        await send(body);
      }
    }
  }

  async function send(lines: string[]): Promise<void> {
    // A shard whose time out is over gets its sessions back (and is tried again) on this batch.
    const { parts, unplaced } = partitionBySid(ring, lines, sidOfJsonLine, usable);
    if (unplaced.length)
      throw new Error(`no shard reachable (${targets.join(', ')}): ${unplaced.length} lines not sent`);
    await Promise.all(parts.map((part, shard) => (part.length ? sendPart(shard, part) : undefined)));
  }

  return {
    send: (lines) => send(lines),
    targets,
    linesPerShard,
    get stats(): PosterStats {
      const all = posters.map((p) => p.stats);
      const sum = (key: 'requests' | 'accepted' | 'rejected' | 'throttled' | 'bytes') =>
        all.reduce((a, s) => a + s[key], 0);
      return {
        requests: sum('requests'),
        accepted: sum('accepted'),
        rejected: sum('rejected'),
        throttled: sum('throttled'),
        bytes: sum('bytes'),
        firstErrors: all.flatMap((s) => s.firstErrors).slice(0, 5),
      };
    },
  };
}
