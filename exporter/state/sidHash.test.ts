import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hashSid, hashSidBytes, randomSeed, sidHashHigh } from './sidHash';

test('property: hashing an ASCII id from its bytes gives the hash of its string, both halves', () => {
  const out = new Uint32Array(2);
  fc.assert(
    fc.property(fc.string({ unit: 'binary-ascii', maxLength: 300 }), fc.string({ maxLength: 8 }), (sid, pad) => {
      const seed = randomSeed();
      const buf = Buffer.from(`${pad}${sid}`, 'latin1');
      const start = Buffer.byteLength(pad, 'latin1');
      hashSidBytes(buf, start, buf.length, seed, out);
      assert.deepEqual([out[0], out[1]], [hashSid(sid, seed), sidHashHigh]);
    }),
    { numRuns: 2000 }
  );
});
