import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hashLabelToQuote } from './rawLabelCache';

test('property: a label value hashed to its closing quote: the quote found, the same value hashed the same anywhere', () => {
  const hashes = new Int32Array(4);
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 6 }), (value, pad) => {
      const a = Buffer.from(`${value}`, 'utf8');
      const b = Buffer.from(`${pad}${value}`, 'utf8');
      const shift = b.length - a.length;
      let quote = -1;
      for (let i = 0; i < a.length && quote < 0; i++) {
        if (a[i] === 0x22) quote = i;
        else if (a[i]! < 0x20 || a[i] === 0x5c) break;
      }
      assert.equal(hashLabelToQuote(a, 0, a.length, hashes, 0), quote);
      assert.equal(hashLabelToQuote(b, shift, b.length, hashes, 1), quote < 0 ? -1 : quote + shift);
      if (quote >= 0) assert.equal(hashes[0], hashes[1]);
    }),
    { numRuns: 2000 }
  );
});

test('label values differing in a byte or in length hash apart', () => {
  const hashes = new Int32Array(4);
  const at = (s: string, slot: number) => hashLabelToQuote(Buffer.from(`${s}"`), 0, s.length + 1, hashes, slot);
  at('eu', 0);
  at('na', 1);
  at('eu ', 2);
  assert.equal(new Set(hashes.subarray(0, 3)).size, 3);
});
