import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildKetamaRing, shardIndexFor, shardServerOf, sidOfJsonLine } from '../../core/sharding';
import { createEventPoster } from './eventPoster';
import { createShardedPoster } from './shardedPoster';

interface Shard {
  server: Server;
  url: string;
  lines: string[];
  headers: IncomingHttpHeaders[];
  bodies: string[][];
}

async function startShards(n: number): Promise<Shard[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const shard = { lines: [] as string[], headers: [] as IncomingHttpHeaders[], bodies: [] as string[][] } as Shard;
      shard.server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          const lines = body.trim().split('\n');
          shard.lines.push(...lines);
          shard.headers.push(req.headers);
          shard.bodies.push(lines);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: lines.length }));
        });
      });
      await new Promise<void>((r) => shard.server.listen(0, '127.0.0.1', r));
      shard.url = `http://127.0.0.1:${(shard.server.address() as AddressInfo).port}`;
      return shard;
    })
  );
}

const close = (shards: Shard[]) =>
  Promise.all(shards.map((s) => new Promise((r) => (s.server.closeAllConnections(), s.server.close(r)))));
const heartbeats = (n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ type: 'heartbeat', sid: `s-${i}` }));

test('a comma-separated target sends each session to its shard on the ring, and every line once', async () => {
  const shards = await startShards(3);
  try {
    const ring = buildKetamaRing(shards.map((s) => ({ server: shardServerOf(s.url) })));
    const lines = [...heartbeats(600), ...Array.from({ length: 30 }, () => '{"type":"segment"}')];
    const poster = createEventPoster({ target: shards.map((s) => s.url).join(',') });
    await poster.send(lines);
    assert.equal(poster.stats.accepted, lines.length);
    assert.equal(shards.flatMap((s) => s.lines).length, lines.length);
    shards.forEach((s, i) => {
      for (const line of s.lines) {
        const sid = sidOfJsonLine(line);
        if (sid) assert.equal(shardIndexFor(ring, sid), i, `${sid} on shard ${i}`);
      }
    });
  } finally {
    await close(shards);
  }
});

test('an unreachable shard is left out: its sessions go where the ring walks next, nothing is lost', async () => {
  const shards = await startShards(3);
  try {
    const ring = buildKetamaRing(shards.map((s) => ({ server: shardServerOf(s.url) })));
    await new Promise((r) => shards[1]!.server.close(r));
    const changes: string[] = [];
    const poster = createShardedPoster({
      targets: shards.map((s) => s.url),
      maxNetworkRetries: 0,
      onShardChange: (t, up) => changes.push(`${t} ${up ? 'up' : 'down'}`),
    });
    const lines = heartbeats(300);
    await poster.send(lines);
    assert.deepEqual(changes, [`${shards[1]!.url} down`]);
    assert.equal(shards[0]!.lines.length + shards[2]!.lines.length, lines.length);
    for (const i of [0, 2])
      for (const line of shards[i]!.lines)
        assert.equal(
          shardIndexFor(ring, sidOfJsonLine(line)!, (s) => s !== 1),
          i
        );
  } finally {
    await close(shards);
  }
});

test('the same shard listed twice is refused', () => {
  assert.throws(() => createShardedPoster({ targets: ['http://a:1', 'http://a:1/'] }), /listed twice/);
});
