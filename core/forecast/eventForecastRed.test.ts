import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventForecast } from './eventForecast';
import type { BandPoint, Point } from './types';
import type { NowcastOptions } from './nowcast';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22, 20);
const event = { id: 'e', title: 't', kind: 'live' as const, start: T0, end: T0 + 3 * 60 * MIN, timeZone: 'UTC' };
/** A model whose P50 reaches 1000 and P10 reaches `p10Top` 10 minutes after now, whatever the history. */
const rising =
  (p10Top: number) =>
  (_h: Point[], o: NowcastOptions): BandPoint[] => {
    const out: BandPoint[] = [];
    for (let t = o.now; t <= o.now + o.horizonMs; t += MIN) {
      const u = Math.min(1, (t - o.now) / (10 * MIN));
      out.push({ t, p10: 800 + (p10Top - 800) * u, p50: 800 + 200 * u, p90: 800 + 400 * u });
    }
    return out;
  };
const history = (now: number, slopePerMin: number): Point[] =>
  Array.from({ length: 60 }, (_, i) => ({ t: now - (59 - i) * MIN, v: 800 - slopePerMin * (59 - i) }));
const status = (now: number, slopePerMin: number, p10Top: number) =>
  eventForecast({
    event,
    now,
    history: history(now, slopePerMin),
    resources: [{ resource: 'viewers', rest: 0, perViewer: 1, capacity: [{ t: 0, v: 900 }] }],
    slos: [],
    model: rising(p10Top),
  });

test('a P50 crossing within 30 min over a flat series is amber once the event runs; a ramp that reaches it is red', () => {
  const flat = status(T0 + 10 * MIN, 0, 850);
  assert.ok(
    flat.saturation.some((s) => s.band === 'p50' && s.at <= T0 + 40 * MIN),
    'the P50 does cross'
  );
  assert.deepEqual([flat.status, flat.binding], ['amber', 'viewers']);
  // +5 a minute: 800 reaches 900 in 20 minutes.
  assert.equal(status(T0 + 10 * MIN, 5, 850).status, 'red');
  // +2 a minute: 50 minutes, beyond the 30.
  assert.equal(status(T0 + 10 * MIN, 2, 850).status, 'amber');
});

test('before T0 the schedule speaks through the band: a P10 crossing within 30 min supports the red', () => {
  assert.equal(status(T0 - 20 * MIN, 0, 950).status, 'red');
  assert.equal(status(T0 - 20 * MIN, 0, 700).status, 'amber');
  // Once the event runs, the P10 alone no longer does.
  assert.equal(status(T0 + 10 * MIN, 0, 950).status, 'amber');
});
