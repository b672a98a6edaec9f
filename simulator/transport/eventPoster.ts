/**
 * The simulator's way out: one exporter, or several shards. `target` is an exporter base URL, or the
 * shards' base URLs separated by commas (`--target` given several times), then each session goes to
 * its shard on nginx's ring (shardedPoster.ts).
 */
import { createExporterPoster, type EventPoster, type PosterOptions } from './exporterPoster';
import { createShardedPoster } from './shardedPoster';

export { packBodies, type EventPoster, type PosterOptions, type PosterStats } from './exporterPoster';

export function createEventPoster(options: PosterOptions): EventPoster {
  const targets = options.target
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (targets.length <= 1) return createExporterPoster(options);
  return createShardedPoster({ ...options, targets });
}
