import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstCrossing, stepAt, timeToSaturation } from './saturation';
import { headroom } from '../headroom';

const band = [100, 200, 300, 400].map((v, i) => ({ t: i * 1000, p10: v * 0.8, p50: v, p90: v * 1.5 }));

test('saturation is the first instant each band reaches capacity', () => {
  assert.deepEqual(timeToSaturation(band, 290), { p90: 1000, p50: 2000 });
});

test('a band that stays under capacity never saturates', () => {
  assert.deepEqual(timeToSaturation(band, 10_000), {});
  assert.deepEqual(timeToSaturation(band, 0), {});
});

test('headroom is the share of capacity left at the peak', () => {
  assert.equal(headroom(750, 1000), 0.25);
  assert.equal(headroom(1500, 1000), -0.5);
});

test('no capacity means no headroom at all', () => {
  assert.equal(headroom(10, 0), Number.NEGATIVE_INFINITY);
});

test('firstCrossing reads the limit in force at each instant, between points linearly', () => {
  const demand = [
    { t: 0, v: 0 },
    { t: 60_000, v: 600 },
  ];
  assert.equal(firstCrossing(demand, [{ t: 0, v: 300 }]), 30_000);
  // The limit drops to 100 at 5 s: the demand (50 by then) crosses it at 10 s.
  assert.equal(
    firstCrossing(demand, [
      { t: 0, v: 1000 },
      { t: 5_000, v: 100 },
    ]),
    10_000
  );
  // Already over at a step's instant: that instant.
  assert.equal(
    firstCrossing(demand, [
      { t: 0, v: 1000 },
      { t: 40_000, v: 200 },
    ]),
    40_000
  );
  assert.equal(firstCrossing(demand, [{ t: 0, v: 601 }]), undefined);
  assert.equal(
    stepAt(
      [
        { t: 10, v: 1 },
        { t: 20, v: 2 },
      ],
      5
    ),
    1,
    'before the first step, the first limit'
  );
});
