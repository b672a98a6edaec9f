import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firingIntervals } from './review-replay';

const S = 15_000;
const at = (...ks: number[]) => ks.map((k) => k * S);

test('for: 2m on 15 s evaluations fires at the 9th consecutive true one and ends at the first false', () => {
  // true at evaluations 0..11, then false (absent), then true again 20..22 (too short to fire).
  const times = [...at(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), ...at(20, 21, 22)];
  assert.deepEqual(firingIntervals(times, S, 120_000), [{ from: 8 * S, to: 12 * S }]);
});

test('for: 0 fires on the first true evaluation', () => {
  assert.deepEqual(firingIntervals(at(3, 4), S, 0), [{ from: 3 * S, to: 5 * S }]);
});
