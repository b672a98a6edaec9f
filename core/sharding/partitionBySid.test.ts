import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKetamaRing, shardIndexFor } from './ketamaRing';
import { partitionBySid, sidOfJsonLine } from './partitionBySid';
import { shardServerOf } from './shardServer';

const ring = buildKetamaRing(['s1:1', 's2:1', 's3:1'].map((server) => ({ server })));

test('heartbeats go to the shard that owns their sid; counters spread; nothing is lost', () => {
  const lines = [
    ...Array.from({ length: 300 }, (_, i) => JSON.stringify({ type: 'heartbeat', sid: `sess-${i}`, weight: 2 })),
    ...Array.from({ length: 30 }, () => JSON.stringify({ type: 'segment', status: 200 })),
  ];
  const { parts, unplaced } = partitionBySid(ring, lines, sidOfJsonLine);
  assert.equal(unplaced.length, 0);
  assert.equal(parts.flat().length, lines.length);
  parts.forEach((part, shard) => {
    for (const line of part) {
      const sid = sidOfJsonLine(line);
      if (sid) assert.equal(shardIndexFor(ring, sid), shard);
    }
    assert.equal(part.filter((l) => !sidOfJsonLine(l)).length, 10);
  });
});

test('with a shard down, its sessions move to live shards and the others stay', () => {
  const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ sid: `u${i}` }));
  const all = partitionBySid(ring, lines, sidOfJsonLine);
  const down = partitionBySid(ring, lines, sidOfJsonLine, (i) => i !== 1);
  assert.equal(down.parts[1]!.length, 0);
  for (const shard of [0, 2]) for (const line of all.parts[shard]!) assert.ok(down.parts[shard]!.includes(line));
});

test('with every shard down, every item is returned unplaced', () => {
  const lines = [JSON.stringify({ sid: 'a' }), JSON.stringify({ type: 'login' })];
  assert.deepEqual(partitionBySid(ring, lines, sidOfJsonLine, () => false).unplaced, lines);
});

test('sidOfJsonLine reads compact JSON and falls back to parsing escaped or spaced sids', () => {
  assert.equal(sidOfJsonLine('{"type":"heartbeat","sid":"abc-1","x":1}'), 'abc-1');
  assert.equal(sidOfJsonLine('{"sid": "spaced"}'), 'spaced');
  assert.equal(sidOfJsonLine(JSON.stringify({ sid: 'q"uote' })), 'q"uote');
  assert.equal(sidOfJsonLine('{"type":"login"}'), undefined);
  assert.equal(sidOfJsonLine('{"sid": not json'), undefined);
});

test('a shard URL becomes the host:port nginx spells, with the scheme port when none is written', () => {
  assert.equal(shardServerOf('http://exporter-1:9464/'), 'exporter-1:9464');
  assert.equal(shardServerOf('http://exporter-1'), 'exporter-1:80');
  assert.equal(shardServerOf('https://[::1]'), '[::1]:443');
});
