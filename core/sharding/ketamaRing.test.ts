import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildKetamaRing, shardIndexFor } from './ketamaRing';
import { reshardMoves, ringShares } from './reshardMoves';

const four = buildKetamaRing(
  ['10.0.0.1:9464', '10.0.0.2:9464', '10.0.0.3:9464', '10.0.0.4:9464'].map((server) => ({ server }))
);
const uuid = fc.uuid();

test('each server puts 160 points per unit of weight on the ring, sorted', () => {
  const ring = buildKetamaRing([{ server: 'a:1' }, { server: 'b:2', weight: 3 }]);
  assert.equal(ring.hashes.length, 640);
  assert.equal(ring.owners.filter((o) => o === 1).length, 480);
  assert.ok(ring.hashes.every((h, i) => i === 0 || h > ring.hashes[i - 1]!));
});

test('a key past the last point wraps to the first point', () => {
  const ring = buildKetamaRing([{ server: 'a:1' }, { server: 'b:1' }]);
  const last = ring.hashes[ring.hashes.length - 1]!;
  // crc32("123456789") = 0xcbf43926; find which side of the ring it falls on and check against a scan.
  const hash = 0xcbf43926;
  const expected = hash > last ? ring.owners[0] : ring.owners[ring.hashes.findIndex((h) => h >= hash)];
  assert.equal(shardIndexFor(ring, '123456789'), expected);
});

test('the same sid always lands on the same shard', () => {
  fc.assert(fc.property(uuid, (sid) => shardIndexFor(four, sid) === shardIndexFor(four, sid)));
});

test('an unusable shard hands its keys to other shards and leaves every other key where it was', () => {
  fc.assert(
    fc.property(uuid, (sid) => {
      const home = shardIndexFor(four, sid)!;
      const without2 = shardIndexFor(four, sid, (i) => i !== 2)!;
      return without2 !== 2 && (home === 2 || without2 === home);
    })
  );
});

test('no usable shard: no shard is named', () => {
  assert.equal(
    shardIndexFor(four, 'x', () => false),
    undefined
  );
});

test('shares of the hash space sum to 1 and are near 1/N for four equal shards', () => {
  const shares = ringShares(four);
  assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  for (const s of shares) assert.ok(s > 0.15 && s < 0.35, `share ${s}`);
});

test('adding a fifth shard moves only sessions onto it, about its share of the ring', () => {
  const five = buildKetamaRing([...four.servers, '10.0.0.5:9464'].map((server) => ({ server })));
  const sids = fc.sample(uuid, 20_000).map((sid) => ({ sid, weight: 1 }));
  for (const { sid } of sids) {
    const before = shardIndexFor(four, sid)!;
    const after = shardIndexFor(five, sid)!;
    assert.ok(after === before || after === 4, `${sid} moved between old shards`);
  }
  const moves = reshardMoves(four, five, sids);
  const share = ringShares(five)[4]!;
  assert.ok(
    Math.abs(moves.moved / moves.sessions - share) < 0.02,
    `moved ${moves.moved / moves.sessions} vs share ${share}`
  );
});

test('a weight of 0 or a fraction is refused with the server named', () => {
  assert.throws(() => buildKetamaRing([{ server: 'a:1', weight: 0.5 }]), /a:1: weight/);
  assert.throws(() => buildKetamaRing([]), /at least one server/);
});
