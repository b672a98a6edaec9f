import { shardIndexFor, type KetamaRing } from './ketamaRing';

/**
 * Splits a batch into one part per shard by the session id, on nginx's ring, so a batch sender and
 * nginx agree on where each session lives. Items without a session (logins, segment results: plain
 * counters that Prometheus adds up) are dealt round robin over the usable shards, to spread the load.
 */
export interface Partition<T> {
  /** parts[i] goes to ring.servers[i]; empty for shards that get nothing (or are unusable). */
  parts: T[][];
  /** Items with a sid whose every candidate shard was unusable (nothing is dropped silently). */
  unplaced: T[];
}

export function partitionBySid<T>(
  ring: KetamaRing,
  items: readonly T[],
  sidOf: (item: T) => string | undefined,
  usable?: (index: number) => boolean
): Partition<T> {
  const parts: T[][] = ring.servers.map(() => []);
  const unplaced: T[] = [];
  const up = ring.servers.map((_, i) => i).filter((i) => !usable || usable(i));
  let spread = 0;
  for (const item of items) {
    const sid = sidOf(item);
    if (sid === undefined || sid === '') {
      if (up.length === 0) unplaced.push(item);
      else parts[up[spread++ % up.length]!]!.push(item);
      continue;
    }
    const shard = shardIndexFor(ring, sid, usable);
    if (shard === undefined) unplaced.push(item);
    else parts[shard]!.push(item);
  }
  return { parts, unplaced };
}

/**
 * The sid of one line of NDJSON as JSON.stringify writes it (`"sid":"…"`, no spaces), without parsing
 * the whole line: senders call this once per event. A line written otherwise falls back to JSON.parse.
 */
export function sidOfJsonLine(line: string): string | undefined {
  const at = line.indexOf('"sid":"');
  if (at >= 0) {
    const from = at + 7;
    const end = line.indexOf('"', from);
    const sid = line.slice(from, end);
    if (end > from && !sid.includes('\\')) return sid;
  }
  if (!line.includes('"sid"')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    const sid = typeof value === 'object' && value !== null ? (value as { sid?: unknown }).sid : undefined;
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
}
