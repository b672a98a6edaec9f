import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLinear } from './predictLinear';
import { fitHolt, PROMETHEUS_HOLT, DAMPED_HOLT } from './holt';
import { fitSeasonalNaive, DAY_MS } from './seasonalNaive';
import type { Point } from './types';

const MIN = 60_000;
const line = (n: number, slope: number, base = 100): Point[] =>
  Array.from({ length: n }, (_, i) => ({ t: i * MIN, v: base + slope * i }));

test('predict_linear extrapolates the least-squares line of the window', () => {
  const history = line(61, 2);
  const f = fitLinear(history, 60 * MIN, 60 * MIN);
  assert.ok(f);
  assert.equal(Math.round(f(90 * MIN)), 100 + 2 * 90);
});

test('predict_linear on one sample is that sample, flat', () => {
  const f = fitLinear([{ t: 0, v: 7 }], 0, 60 * MIN);
  assert.equal(f?.(10 * MIN), 7);
});

test('undamped Holt continues a straight line with its slope', () => {
  const history = line(30, 3);
  const f = fitHolt(history, 29 * MIN, 60 * MIN, PROMETHEUS_HOLT);
  assert.ok(f);
  assert.ok(Math.abs(f(39 * MIN) - (100 + 3 * 39)) < 1);
});

test('damped Holt climbs less than the line over a long horizon', () => {
  const history = line(30, 3);
  const damped = fitHolt(history, 29 * MIN, 60 * MIN, DAMPED_HOLT);
  assert.ok(damped);
  const at = 29 * MIN + 120 * MIN;
  assert.ok(damped(at) < 100 + 3 * 149);
  assert.ok(damped(at) > 100 + 3 * 29);
});

test('seasonal naive repeats yesterday at the same time', () => {
  const history: Point[] = Array.from({ length: 48 }, (_, i) => ({ t: i * 3_600_000, v: i % 24 }));
  const now = 47 * 3_600_000;
  const f = fitSeasonalNaive(history, now);
  assert.equal(f?.(now + 5 * 3_600_000), (47 + 5) % 24);
  assert.equal(f?.(now + DAY_MS + 3_600_000), 0);
});
