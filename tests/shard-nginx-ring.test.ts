// core/sharding's ring against Debian's real nginx: for thousands of UUID sessions, on each of the three
// ways a request names its session (CMCD query argument, CMCD-Session header, Launchday-Session header),
// nginx's `hash $launchday_sid consistent` picks the very upstream shardIndexFor names; with a shard
// stopped, nginx's failover walks the ring to the shard shardIndexFor names when that shard is unusable.
// The upstreams are plain HTTP listeners that answer 204: what is under test is nginx's choice of
// upstream (its Launchday-Shard header, $upstream_addr), not the exporter.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildKetamaRing, shardIndexFor, type KetamaRing } from '../core/sharding';
import { startShardProxy, type ShardProxy } from './shard-nginx';

const skip = spawnSync('which', ['nginx']).status !== 0 ? 'needs nginx' : false;
const SESSIONS = 1500;

let upstreams: Server[] = [];
let servers: string[] = [];
let ring: KetamaRing;
let proxy: ShardProxy;

before(async () => {
  if (skip) return;
  upstreams = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const server = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(204).end());
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return server;
    })
  );
  servers = upstreams.map((s) => `127.0.0.1:${(s.address() as AddressInfo).port}`);
  ring = buildKetamaRing(servers.map((server) => ({ server })));
  proxy = await startShardProxy(servers);
});

after(async () => {
  await proxy?.stop();
  await Promise.all(upstreams.map((s) => new Promise((r) => s.close(r))));
});

type Path = 'query' | 'cmcd-header' | 'launchday-header';

async function shardOf(sid: string, path: Path): Promise<string> {
  const cmcd = `br=3200,cid="paul-tyson",ot=v,sid="${sid}",v=2`;
  const url = path === 'query' ? `${proxy.url}/v1/cmcd?CMCD=${encodeURIComponent(cmcd)}` : `${proxy.url}/v1/cmcd`;
  const headers: Record<string, string> = { 'content-type': 'application/cmcd' };
  if (path === 'cmcd-header') headers['cmcd-session'] = `cid="paul-tyson",sid="${sid}"`;
  if (path === 'launchday-header') headers['launchday-session'] = sid;
  const res = await fetch(url, { method: 'POST', headers, body: path === 'query' ? '' : cmcd });
  await res.arrayBuffer();
  // $upstream_addr lists every upstream tried, the one that answered last.
  return res.headers.get('launchday-shard')?.split(', ').at(-1) ?? `HTTP ${res.status}`;
}

async function mapAll<T, R>(items: T[], run: (item: T) => Promise<R>, concurrency = 16): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await run(items[i]!);
      }
    })
  );
  return out;
}

const sids = Array.from({ length: SESSIONS }, () => randomUUID());

for (const path of ['query', 'cmcd-header', 'launchday-header'] as const) {
  test(`nginx routes every session named by the ${path} to the shard core/sharding picks`, { skip }, async () => {
    const got = await mapAll(sids, (sid) => shardOf(sid, path));
    const wrong = sids.filter((sid, i) => got[i] !== servers[shardIndexFor(ring, sid)!]);
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of ${SESSIONS} sessions routed elsewhere`);
    // Every shard got a share: the test is not passing on a one-shard ring.
    for (const s of servers) assert.ok(got.filter((g) => g === s).length > SESSIONS / 10, `${s} got too few`);
  });
}

test(
  'with one shard stopped, nginx sends its sessions where the ring walks next, and moves no other',
  { skip },
  async () => {
    const down = 2;
    await new Promise((r) => upstreams[down]!.close(r));
    const got = await mapAll(sids, (sid) => shardOf(sid, 'launchday-header'));
    const wrong = sids.filter((sid, i) => got[i] !== servers[shardIndexFor(ring, sid, (s) => s !== down)!]);
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of ${SESSIONS} sessions failed over elsewhere`);
    assert.ok(!got.includes(servers[down]!));
  }
);
