import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hashSid, hashSidBytes, hashSidToQuote, randomSeed, sidHashHigh } from './sidHash';

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

test('property: hashing up to the closing quote gives its index and the hash of the bytes before it', () => {
  const out = new Uint32Array(2);
  const expected = new Uint32Array(2);
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 8 }), (value, pad) => {
      const seed = randomSeed();
      const buf = Buffer.from(`${pad}${value}`, 'utf8');
      const start = Buffer.byteLength(pad, 'utf8');
      let quote = -1;
      for (let i = start; i < buf.length && quote < 0; i++) {
        const c = buf[i]!;
        if (c === 0x22) quote = i;
        else if (c < 0x20 || c === 0x5c || c >= 0x80) break;
      }
      out.fill(7);
      assert.equal(hashSidToQuote(buf, start, buf.length, seed, out), quote);
      if (quote >= 0) {
        hashSidBytes(buf, start, quote, seed, expected);
        assert.deepEqual([...out], [...expected]);
      }
    }),
    { numRuns: 2000 }
  );
});
