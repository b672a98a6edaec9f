import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeToSaturation } from './saturation';
import { headroom, headroomStatus } from '../headroom';

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

test('status turns amber then red as headroom shrinks', () => {
  assert.equal(headroomStatus(0.5), 'green');
  assert.equal(headroomStatus(0.1), 'amber');
  assert.equal(headroomStatus(0.01), 'red');
  assert.equal(headroomStatus(-1), 'red');
  assert.equal(headroomStatus(0.3, { amber: 0.4, red: 0.2 }), 'amber');
});

test('no capacity means no headroom, and that reads red', () => {
  assert.equal(headroomStatus(headroom(10, 0)), 'red');
});
