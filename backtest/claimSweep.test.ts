import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimEvent, foldChosenQ, quantilePath, readOrigins, scoreEach, SHIPPED_CLAIM } from './claimSweep';
import { rollingEvent, summarizeRolling } from './rollingStatus';
import { MIN, rampEvent } from './rampFixture';

const loaded = rampEvent(60, 14 * 12);
const capacities = [2400, 2900, 4000];

test('the shipped claim scored from the kept readings is the rolling status, claim for claim', () => {
  const readings = readOrigins(loaded, [], undefined, 10 * MIN);
  assert.deepEqual(
    claimEvent(loaded, readings, capacities, 10, SHIPPED_CLAIM),
    rollingEvent(loaded, [], capacities, undefined, 10)
  );
});

test('a higher q and a hold only take red claims away', () => {
  const readings = readOrigins(loaded, [], undefined, 5 * MIN);
  const reds = (q: number, holdMs: number) =>
    claimEvent(loaded, readings, capacities, 10, { q, holdMs })
      .claims.filter((c) => c.red)
      .map((c) => `${c.origin}|${c.capacity}`);
  const shipped = reds(0.5, 0);
  assert.ok(shipped.length > 0);
  for (const [q, hold] of [
    [0.6, 0],
    [0.9, 0],
    [0.5, 5 * MIN],
  ] as const) {
    const fewer = reds(q, hold);
    assert.ok(
      fewer.every((k) => shipped.includes(k)),
      `q ${q} hold ${hold}`
    );
  }
  // The hold reads the refresh before: with none kept there (off the readings' grid), no red survives.
  assert.deepEqual(reds(0.5, 7 * MIN), []);
});

test('the q path lies between P10 and P50, P50 at q = 0.5 and P10 at q = 0.9', () => {
  const path = [
    { t: 0, p10: 50, p50: 100, p90: 200 },
    { t: 1, p10: 0, p50: 10, p90: 20 },
  ];
  assert.deepEqual(quantilePath(path, 0.5), [100, 10]);
  const [a, b] = quantilePath(path, 0.9);
  assert.ok(Math.abs((a as number) - 50) < 1e-9 && Math.abs(b as number) < 1e-9);
  const [m] = quantilePath(path, 0.7);
  assert.ok((m as number) > 50 && (m as number) < 100);
});

test('q chosen inside each fold, with one candidate, is that candidate', () => {
  const events = [loaded, rampEvent(30, 14 * 12)].map((item) => ({
    item,
    readings: readOrigins(item, [], undefined, 10 * MIN),
  }));
  const fractions = [0.8, 0.97];
  const { scored, chosen } = foldChosenQ(events, fractions, 10, [0.6], summarizeRolling);
  assert.deepEqual(chosen, [0.6, 0.6]);
  assert.deepEqual(
    scored,
    scoreEach(events, fractions, 10, () => ({ q: 0.6, holdMs: 0 }))
  );
});
