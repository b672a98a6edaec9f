import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RawLabelCache, hashLabelToQuote } from './rawLabelCache';
import { newRawLabels } from './telemetryEvent';

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

test('a small cache answers each key with its own id, and starts afresh when full', () => {
  const cache = new RawLabelCache(4);
  const labelsOf = (values: string[]) => {
    const buf = Buffer.from(values.map((v) => `${v}"`).join(''));
    const labels = newRawLabels();
    const ranges: [number, number][] = [];
    let at = 0;
    values.forEach((v, slot) => {
      const end = hashLabelToQuote(buf, at, buf.length, labels.labelHashes, slot);
      ranges.push([at, end]);
      at = end + 1;
    });
    [labels.titleStart, labels.titleEnd] = ranges[0]!;
    [labels.cdnStart, labels.cdnEnd] = ranges[1]!;
    [labels.regionStart, labels.regionEnd] = ranges[2]!;
    [labels.deviceStart, labels.deviceEnd] = ranges[3]!;
    return { buf, labels };
  };
  const keys = Array.from({ length: 10 }, (_, i) => labelsOf([`t${i}`, 'cdn', i % 2 ? 'eu' : 'na', 'web']));
  keys.forEach(({ buf, labels }, id) => {
    assert.equal(cache.get(buf, labels), -1);
    cache.set(buf, labels, id);
    assert.equal(cache.get(buf, labels), id);
  });
  // The cache held at most 4: the early keys are gone (a miss), the last ones answer with their own ids.
  keys.forEach(({ buf, labels }, id) => {
    const got = cache.get(buf, labels);
    assert.ok(got === -1 || got === id, `key ${id} answered ${got}`);
  });
  assert.equal(cache.get(keys[9]!.buf, keys[9]!.labels), 9);
  assert.equal(cache.get(keys[0]!.buf, keys[0]!.labels), -1);
});
