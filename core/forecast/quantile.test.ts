import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { insertSorted, median, quantile, quantiles2, sortedQuantile } from './quantile';

/** The definition: Float64Array's own numeric sort (NaN last, −0 before +0), linear between ranks; one value is itself. */
function reference(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  if (values.length === 1) return values[0] as number;
  const sorted = Float64Array.from(values).sort();
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  return a + ((sorted[Math.ceil(pos)] as number) - a) * (pos - lo);
}

test('quantile and quantiles2 equal the native-sort definition bit for bit (zeros, NaN, infinities, ties)', () => {
  const value = fc.oneof(
    fc.double(),
    fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1),
    fc.integer({ min: -3, max: 3 }).map((i) => i * 0.5)
  );
  fc.assert(
    fc.property(
      fc.array(value, { maxLength: 120 }),
      fc.double({ min: -0.5, max: 1.5, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (values, qa, qb) => {
        const copy = [...values];
        assert.ok(Object.is(quantile(values, qa), reference(values, qa)));
        assert.ok(Object.is(median(values), reference(values, 0.5)));
        const [a, b] = quantiles2(values, qa, qb);
        assert.ok(Object.is(a, reference(values, qa)) && Object.is(b, reference(values, qb)));
        assert.deepEqual(values, copy); // the input is not reordered
      }
    ),
    { numRuns: 2000 }
  );
});

test('quantile by selection (over 32 values) equals the sort on long finite arrays with ties', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 5 })), {
        minLength: 33,
        maxLength: 200,
      }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (values, q) => {
        assert.ok(Object.is(quantile(values, q), reference(values, q)));
        assert.ok(Object.is(median(values), reference(values, 0.5)));
      }
    ),
    { numRuns: 1000 }
  );
});

test('quantile reads between the two nearest ranks', () => {
  assert.equal(quantile([3, 1, 2, 4], 0.5), 2.5);
  assert.equal(quantile([5, 1, 9], 0.1), 1 + (5 - 1) * 0.2);
  assert.deepEqual(quantiles2([7], 0.1, 0.9), [7, 7]);
});

test('insertSorted keeps a sorted prefix, and sortedQuantile reads it as quantile reads the values', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }),
      (values) => {
        const a = new Float64Array(values.length);
        let n = 0;
        for (const v of values) n = insertSorted(a, n, v);
        assert.equal(n, values.length);
        assert.deepStrictEqual([...a], [...Float64Array.from(values).sort()]);
        for (const q of [0, 0.1, 0.5, 0.9, 1]) assert.ok(Object.is(sortedQuantile(a, n, q), reference(values, q)));
      }
    )
  );
});
