import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BASELINE_FITS } from './nowcast';
import { quantile } from './quantile';
import { futureTimes, typicalStep } from './series';
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

test('Holt over a window whose points share one instant holds the level (no span to put a trend in)', () => {
  // A clean history may repeat a time; a 1 ms step read +1 as a climb of 60,000 a minute (REVIEW, session 6).
  const history = [
    { t: 10 * MIN, v: 100 },
    { t: 10 * MIN, v: 101 },
  ];
  for (const params of [DAMPED_HOLT, PROMETHEUS_HOLT, { ...DAMPED_HOLT, phiPerMs: undefined }]) {
    const f = fitHolt(history, 10 * MIN, 60 * MIN, params);
    assert.ok(f);
    const level = f(10 * MIN);
    assert.ok(level >= 100 && level <= 101, `level ${level}`);
    assert.equal(f(40 * MIN), level);
  }
});

test('damped Holt fades its trend per minute: the same ramp sampled every 15 s to 10 min climbs alike', () => {
  // One ramp (3 per minute over the last hour) at five cadences: the climb forecast 30 min ahead is
  // 3 · ∫₀^30 0.9^u du ≈ 27.3 at each. Damped per sample step, the cadence decided it (4.8 to 53).
  const climb = (stepMs: number, params = DAMPED_HOLT) => {
    const n = (60 * MIN) / stepMs + 1;
    const history = Array.from({ length: n }, (_, i) => ({ t: i * stepMs, v: 100 + (3 * i * stepMs) / MIN }));
    const now = (n - 1) * stepMs;
    const f = fitHolt(history, now, 2 * 60 * MIN, params);
    assert.ok(f);
    return f(now + 30 * MIN) - f(now);
  };
  const expected = (3 * (1 - Math.pow(0.9, 30))) / -Math.log(0.9);
  for (const step of [15_000, 30_000, MIN, 5 * MIN, 10 * MIN])
    assert.ok(Math.abs(climb(step) - expected) < 0.01 * expected, `${step}: ${climb(step)} vs ${expected}`);
  const perSample = { ...DAMPED_HOLT, phiPerMs: undefined };
  assert.ok(climb(10 * MIN, perSample) / climb(15_000, perSample) > 10);
});

test('seasonal naive repeats yesterday at the same time', () => {
  const history: Point[] = Array.from({ length: 48 }, (_, i) => ({ t: i * 3_600_000, v: i % 24 }));
  const now = 47 * 3_600_000;
  const f = fitSeasonalNaive(history, now);
  assert.equal(f?.(now + 5 * 3_600_000), (47 + 5) % 24);
  assert.equal(f?.(now + DAY_MS + 3_600_000), 0);
});

test('property: a baseline refitted on a prefix of the history (no copy) is the fit on a copy of that prefix', () => {
  const series = fc.array(
    fc.tuple(fc.integer({ min: 1, max: 5 * 60_000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
    {
      minLength: 0,
      maxLength: 60,
    }
  );
  fc.assert(
    fc.property(series, fc.nat(), fc.integer({ min: 0, max: 86_400_000 }), (steps, cutSeed, ahead) => {
      let t = 1_700_000_000_000;
      const h = steps.map(([dt, v]) => ({ t: (t += dt), v }));
      const cut = h.length ? cutSeed % (h.length + 1) : 0;
      const origin = cut > 0 ? (h[cut - 1] as { t: number }).t : t;
      for (const [method, fit] of Object.entries(BASELINE_FITS)) {
        const viewed = fit(h, origin, cut);
        const copied = fit(h.slice(0, cut), origin);
        assert.equal(viewed === undefined, copied === undefined, method);
        if (viewed && copied) assert.equal(viewed(origin + ahead), copied(origin + ahead), method);
      }
    })
  );
});

test('property: forecast instants from a first wanted instant are the full list without the earlier ones', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e9 }),
      fc.integer({ min: 0, max: 86_400_000 }),
      fc.integer({ min: 1, max: 3_600_000 }),
      fc.integer({ min: -3_600_000, max: 90_000_000 }),
      (now, horizon, step, offset) => {
        const all = futureTimes(now, horizon, step);
        assert.deepEqual(
          futureTimes(now, horizon, step, now + offset),
          all.filter((x) => x >= now + offset)
        );
      }
    )
  );
});

test('property: typicalStep is the median of the last nine positive gaps; quantile reads the sorted values', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 600_000 }), { maxLength: 20 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (steps, q) => {
        let t = 0;
        const h = steps.map((dt) => ({ t: (t += dt), v: 1 }));
        const gaps: number[] = [];
        for (let i = Math.max(1, h.length - 9); i < h.length; i++) {
          const g = (h[i] as Point).t - (h[i - 1] as Point).t;
          if (g > 0) gaps.push(g);
        }
        const sorted = [...gaps].sort((a, b) => a - b);
        const mid = (sorted.length - 1) / 2;
        const expected = sorted.length
          ? (sorted[Math.floor(mid)] as number) +
            ((sorted[Math.ceil(mid)] as number) - (sorted[Math.floor(mid)] as number)) * (mid - Math.floor(mid))
          : 60_000;
        assert.equal(typicalStep(h), expected);
        if (steps.length) {
          const pos = (steps.length - 1) * q;
          const s = [...steps].sort((a, b) => a - b);
          const a = s[Math.floor(pos)] as number;
          assert.equal(quantile(steps, q), a + ((s[Math.ceil(pos)] as number) - a) * (pos - Math.floor(pos)));
        }
      }
    )
  );
});
