import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishedCase } from './publishedForecast';
import { scoreCase } from './metrics';
import { MIN, T0, rampEvent } from './rampFixture';

const loaded = rampEvent(120, 12 * 12);

test('the backtest scores the published forecast: its path, its peak and its P50 crossings', () => {
  const origin = T0 + 30 * MIN;
  const capacities = [2400, 1e9];
  const pub = publishedCase(loaded, origin, [], capacities);
  assert.ok(pub.path.length > 0 && pub.peak);
  // On the event's minute grid, inside the window, from the origin on.
  assert.ok(pub.path.every((p) => p.t >= origin && p.t <= loaded.windowEnd && (p.t - T0) % MIN === 0));
  // The published peak is the peak the score reads (from T0 on, floored at what was seen).
  const score = scoreCase({
    points: loaded.points,
    t0: T0,
    windowEnd: loaded.windowEnd,
    origin,
    band: pub.path,
    capacities,
    p50At: pub.p50At,
  });
  assert.ok(score);
  assert.ok(Math.abs(score.peakRatio * 3000 - pub.peak.p50) < 1e-6, `${score.peakRatio * 3000} vs ${pub.peak.p50}`);
  // A capacity no path reaches has no crossing, so no claim.
  assert.equal(pub.p50At[1], undefined);
  assert.equal(pub.red[1], false);
  // The claim is red exactly when the published P50 crossing is within 30 min.
  assert.equal(pub.red[0], pub.p50At[0] !== undefined && (pub.p50At[0] as number) <= origin + 30 * MIN);
});
