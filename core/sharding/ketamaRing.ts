import { CRC32_INIT, crc32Final, crc32String, crc32Update } from './crc32';

/**
 * nginx's consistent hash ring (`hash $key consistent`, ngx_http_upstream_hash_module.c), rebuilt so
 * that a sender partitions its batches exactly as nginx routes single requests: the same sid lands on
 * the same shard on both paths. Each server gets 160 points per unit of weight; point j is
 * crc32(host \0 port, previous point's hash as 4 little-endian bytes). A key goes to the first point
 * at or after crc32(key), wrapping around; an unusable server passes it to the next point, as nginx
 * does when an upstream fails.
 */
export interface ShardServer {
  /** The server exactly as nginx's `server` line spells it, e.g. `127.0.0.1:9464` or `exporter-2:9464`. */
  server: string;
  /** nginx `weight=` (default 1). */
  weight?: number;
}

export interface KetamaRing {
  /** The servers, in configuration order. */
  readonly servers: readonly string[];
  /** Point hashes, sorted ascending, duplicates removed (nginx keeps one point per hash value). */
  readonly hashes: Uint32Array;
  /** For each point, the index of its server in `servers`. */
  readonly owners: Uint16Array;
}

const POINTS_PER_WEIGHT = 160;
/** nginx gives up on the ring after 20 unusable points and falls back to round robin. */
export const MAX_RING_TRIES = 20;

/** nginx splits `host:port` at the last colon followed only by digits; `unix:` sockets have no port. */
function hostAndPort(server: string): [string, string] {
  if (server.slice(0, 5).toLowerCase() === 'unix:') return [server.slice(5), ''];
  for (let j = 0; j < server.length; j++) {
    const c = server[server.length - j - 1]!;
    if (c === ':') return [server.slice(0, server.length - j - 1), server.slice(server.length - j)];
    if (c < '0' || c > '9') break;
  }
  return [server, ''];
}

const ascii = (text: string): number[] => Array.from(new TextEncoder().encode(text));

export function buildKetamaRing(servers: readonly ShardServer[]): KetamaRing {
  if (servers.length === 0) throw new Error('a ring needs at least one server');
  if (servers.length > 0xffff) throw new Error('too many servers for one ring');
  const points: { hash: number; owner: number }[] = [];
  servers.forEach((s, owner) => {
    const weight = s.weight ?? 1;
    if (!Number.isInteger(weight) || weight < 1)
      throw new Error(`server ${s.server}: weight must be a positive integer`);
    const [host, port] = hostAndPort(s.server);
    const base = crc32Update(crc32Update(crc32Update(CRC32_INIT, ascii(host)), [0]), ascii(port));
    let prev = 0;
    for (let j = 0; j < weight * POINTS_PER_WEIGHT; j++) {
      const hash = crc32Final(crc32Update(base, [prev & 0xff, (prev >>> 8) & 0xff, (prev >>> 16) & 0xff, prev >>> 24]));
      points.push({ hash, owner });
      prev = hash;
    }
  });
  // Sorted by hash; on equal hashes the earlier server keeps the point (nginx's qsort leaves that
  // order unspecified; with crc32 over distinct servers a tie is a 1-in-4-billion event per pair).
  points.sort((a, b) => a.hash - b.hash || a.owner - b.owner);
  const unique = points.filter((p, i) => i === 0 || p.hash !== points[i - 1]!.hash);
  return {
    servers: servers.map((s) => s.server),
    hashes: Uint32Array.from(unique, (p) => p.hash),
    owners: Uint16Array.from(unique, (p) => p.owner),
  };
}

/** Index of the first point whose hash is >= `hash` (may equal the point count: nginx wraps with %). */
function firstPointAtOrAfter(hashes: Uint32Array, hash: number): number {
  let i = 0;
  let j = hashes.length;
  while (i < j) {
    const k = (i + j) >>> 1;
    const h = hashes[k]!;
    if (hash > h) i = k + 1;
    else if (hash < h) j = k;
    else return k;
  }
  return i;
}

/**
 * The index (into `ring.servers`) of the shard that owns `key`, skipping servers `usable` rejects the
 * way nginx skips failed upstreams. undefined when no usable server was met within nginx's 20 tries
 * (nginx then round-robins; a sender should treat that as "no shard up").
 */
export function shardIndexFor(ring: KetamaRing, key: string, usable?: (index: number) => boolean): number | undefined {
  return shardIndexForHash(ring, crc32String(key), usable);
}

export function shardIndexForHash(
  ring: KetamaRing,
  hash: number,
  usable?: (index: number) => boolean
): number | undefined {
  const n = ring.hashes.length;
  let point = firstPointAtOrAfter(ring.hashes, hash);
  const tried = new Set<number>();
  for (let tries = 0; tries <= MAX_RING_TRIES; tries++, point++) {
    const owner = ring.owners[point % n]!;
    if (!usable || (!tried.has(owner) && usable(owner))) return owner;
    tried.add(owner);
    if (tried.size === ring.servers.length) return undefined;
  }
  return undefined;
}
