import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SAMPLED_CDNS, segmentRatesBetween } from './segmentRates';

const counts = (rows: [string, string, number][]) => {
  const out = new Map<string, Map<string, number>>();
  for (const [title, cdn, n] of rows) out.set(title, (out.get(title) ?? new Map()).set(cdn, n));
  return out;
};

test('requests per second per title and CDN between two samples; a new pair counts from 0', () => {
  const r = segmentRatesBetween(
    counts([['A', 'x', 100]]),
    counts([
      ['A', 'x', 160],
      ['B', 'y', 20],
    ]),
    2
  );
  assert.ok(r && r !== 'reset');
  assert.equal(r.rates.get('A')?.get('x'), 30);
  assert.equal(r.rates.get('B')?.get('y'), 10);
  assert.equal(r.leftOut, 0);
});

test('a counter that went down is a reset, and a missing sample or no time gives nothing', () => {
  assert.equal(segmentRatesBetween(counts([['A', 'x', 100]]), counts([['A', 'x', 5]]), 1), 'reset');
  assert.equal(segmentRatesBetween(undefined, counts([['A', 'x', 5]]), 1), undefined);
  assert.equal(segmentRatesBetween(counts([]), counts([['A', 'x', 5]]), 0), undefined);
});

test(`CDNs past ${MAX_SAMPLED_CDNS} are left out and counted, never kept`, () => {
  const rows = Array.from(
    { length: MAX_SAMPLED_CDNS + 5 },
    (_, i) => ['A', `cdn-${i}`, 10] as [string, string, number]
  );
  const r = segmentRatesBetween(counts([]), counts(rows), 1);
  assert.ok(r && r !== 'reset');
  assert.equal(r.rates.get('A')?.size, MAX_SAMPLED_CDNS);
  assert.equal(r.leftOut, 5);
});
