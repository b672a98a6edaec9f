import { test } from 'node:test';
import assert from 'node:assert/strict';
import { observedTrend, trendReaches } from './observedTrend';

const MIN = 60_000;
const cap = (v: number) => [{ t: 0, v }];
const load = (v: number) => ({ rest: 0, perViewer: 1, capacity: cap(v) });

test('the trend is the least-squares slope over the last 30 minutes, anchored at the last sample', () => {
  // An old spike outside the window does not count; inside it, +10 a minute.
  const h = [{ t: 0, v: 5000 }, ...Array.from({ length: 31 }, (_, i) => ({ t: (100 + i) * MIN, v: 1000 + 10 * i }))];
  const trend = observedTrend(h, 130 * MIN);
  assert.ok(trend);
  assert.equal(trend.t, 130 * MIN);
  assert.equal(trend.v, 1300);
  assert.ok(Math.abs(trend.slope * MIN - 10) < 1e-9);
  // 1300 + 10/min reaches 1600 in 30 min, not 1700.
  assert.equal(trendReaches(trend, load(1600), 160 * MIN), true);
  assert.equal(trendReaches(trend, load(1700), 160 * MIN), false);
  // Demand on another resource: rest + perViewer × viewers.
  assert.equal(trendReaches(trend, { rest: 100, perViewer: 0.01, capacity: cap(116) }, 160 * MIN), true);
  assert.equal(trendReaches(trend, { rest: 100, perViewer: 0.01, capacity: cap(117) }, 160 * MIN), false);
});

test('a flat series does not support a crossing; a last sample at the limit does', () => {
  const flat = Array.from({ length: 10 }, (_, i) => ({ t: i * MIN, v: 800 }));
  const trend = observedTrend(flat, 9 * MIN);
  assert.ok(trend);
  assert.equal(trendReaches(trend, load(900), 39 * MIN), false);
  assert.equal(trendReaches(trend, load(800), 39 * MIN), true);
});

test('a coarse series reads its last two samples; fewer than two give no trend', () => {
  const hourly = [
    { t: 0, v: 100 },
    { t: 60 * MIN, v: 160 },
  ];
  const trend = observedTrend(hourly, 90 * MIN);
  assert.ok(trend);
  assert.ok(Math.abs(trend.slope * MIN - 1) < 1e-9);
  assert.equal(observedTrend(hourly.slice(0, 1), 90 * MIN), undefined);
  assert.equal(observedTrend([], 90 * MIN), undefined);
  // Samples after now are not read.
  assert.equal(observedTrend(hourly, 30 * MIN), undefined);
});

test('a ramp that has flattened in its last 10 minutes no longer supports a crossing (a plateau)', () => {
  // +20 a minute for 20 minutes, then flat for 10: the 30-minute slope is still steep, the recent one ~0.
  const h = Array.from({ length: 31 }, (_, i) => ({ t: i * MIN, v: 1000 + 20 * Math.min(i, 20) }));
  const trend = observedTrend(h, 30 * MIN);
  assert.ok(trend);
  assert.ok(trend.slope * MIN > 5, `${trend.slope * MIN}`);
  assert.ok(Math.abs(trend.recentSlope) < 1e-9);
  assert.equal(trendReaches(trend, load(1500), 60 * MIN), false);
  // Still rising in its last 10 minutes: the lesser of the two slopes reaches it.
  const rising = Array.from({ length: 31 }, (_, i) => ({
    t: i * MIN,
    v: 1000 + 10 * i + (i > 20 ? 10 * (i - 20) : 0),
  }));
  const up = observedTrend(rising, 30 * MIN);
  assert.ok(up && up.recentSlope > up.slope);
  assert.equal(trendReaches(up, load(1500), 60 * MIN), true);
});
