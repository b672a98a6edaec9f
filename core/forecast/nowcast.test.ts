import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nowcast } from './nowcast';
import { templateRatioAt } from './template';
import type { LaunchTemplate, TemplateLibrary } from './template';
import type { Point } from './types';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

// A re-login dip to 0.4 at T0, then back to 1.2 by T+60m.
const template: LaunchTemplate = {
  kind: 'relogin',
  stepMin: 5,
  startMin: -60,
  windowMin: 120,
  ratio: Array.from({ length: 37 }, (_, i) => {
    const m = -60 + i * 5;
    if (m < 0) return 1;
    return Math.min(1.2, 0.4 + (0.8 * m) / 60);
  }),
  source: 'test',
};
const library: TemplateLibrary = {
  templates: { relogin: template },
  bands: { relogin: [{ maxHorizonMin: 1e9, lo: -0.1, hi: 0.1, n: 100 }] },
};

/** A storm like the template, scaled by `scale` in its excess, on a baseline of 50 000. */
function storm(scale: number, until: number): Point[] {
  const out: Point[] = [];
  for (let t = T0 - 3 * 60 * MIN; t <= until; t += 5 * MIN)
    out.push({ t, v: 50_000 * (1 + scale * (templateRatioAt(template, (t - T0) / MIN) - 1)) });
  return out;
}

test('the template, rescaled to live data, finds the recovery level from the first 15 minutes', () => {
  const band = nowcast(storm(1.5, T0 + 15 * MIN), {
    now: T0 + 15 * MIN,
    horizonMs: 60 * MIN,
    stepMs: 5 * MIN,
    kind: 'relogin',
    t0: T0,
    library,
  });
  const at60 = band.find((b) => b.t === T0 + 60 * MIN);
  assert.ok(at60);
  // Truth at T+60m: 50 000 · (1 + 1.5 · 0.2) = 65 000.
  assert.ok(Math.abs(at60.p50 - 65_000) / 65_000 < 0.05, `p50 ${at60.p50}`);
});

test('the band is the residual quantiles around the median', () => {
  const band = nowcast(storm(1, T0 + 15 * MIN), {
    now: T0 + 15 * MIN,
    horizonMs: 30 * MIN,
    stepMs: 5 * MIN,
    kind: 'relogin',
    t0: T0,
    library,
  });
  for (const b of band) {
    assert.ok(Math.abs(b.p10 / b.p50 - Math.exp(-0.1)) < 1e-9);
    assert.ok(Math.abs(b.p90 / b.p50 - Math.exp(0.1)) < 1e-9);
  }
});

test('without a template for the kind it falls back to damped Holt', () => {
  const history = Array.from({ length: 60 }, (_, i) => ({ t: T0 + i * MIN, v: 1000 + 10 * i }));
  const band = nowcast(history, {
    now: T0 + 59 * MIN,
    horizonMs: 30 * MIN,
    stepMs: MIN,
    kind: 'premiere',
    t0: T0,
    library,
  });
  assert.equal(band.length, 30);
  assert.ok((band[0] as { p50: number }).p50 > 1580);
  // Damped: less than the straight line 30 min on.
  assert.ok((band[29] as { p50: number }).p50 < 1590 + 300);
});

test('a baseline asked for by name answers on the same grid', () => {
  const history = storm(1, T0 - 5 * MIN);
  for (const method of ['predict_linear', 'holt', 'seasonal_naive'] as const) {
    const band = nowcast(history, { now: T0 - 5 * MIN, horizonMs: 60 * MIN, stepMs: 5 * MIN, method });
    assert.equal(band.length, 12, method);
    assert.equal((band[0] as { t: number }).t, T0);
  }
});

test('empty or non-finite history gives an empty band, not a throw', () => {
  assert.deepEqual(nowcast([], { now: T0, horizonMs: 60 * MIN, stepMs: MIN }), []);
  assert.deepEqual(nowcast([{ t: T0, v: NaN }], { now: T0, horizonMs: 60 * MIN, stepMs: MIN }), []);
});

test('any history gives an ordered, finite, non-negative band', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({ t: fc.integer({ min: 0, max: 7200 }), v: fc.double({ min: -1e6, max: 1e7, noNaN: true }) }),
        { minLength: 1, maxLength: 80 }
      ),
      fc.constantFrom('launchday', 'holt', 'predict_linear', 'seasonal_naive'),
      (raw, method) => {
        const history = raw.map((p) => ({ t: T0 + p.t * 1000, v: p.v }));
        const band = nowcast(history, {
          now: T0 + 7200_000,
          horizonMs: 30 * MIN,
          stepMs: 5 * MIN,
          method,
          kind: 'relogin',
          t0: T0 + 3600_000,
          library,
        });
        for (const b of band) {
          assert.ok(Number.isFinite(b.p10) && Number.isFinite(b.p90));
          assert.ok(0 <= b.p10 && b.p10 <= b.p50 && b.p50 <= b.p90);
        }
      }
    ),
    { numRuns: 150 }
  );
});

test('asking for a 90% band widens the stored 80% band as a normal spread would', () => {
  const opts = { now: T0 + 15 * MIN, horizonMs: 10 * MIN, stepMs: 5 * MIN, kind: 'relogin' as const, t0: T0, library };
  const wide = nowcast(storm(1, T0 + 15 * MIN), { ...opts, quantiles: [0.05, 0.95] })[0];
  assert.ok(wide);
  assert.ok(Math.abs(Math.log(wide.p90 / wide.p50) - 0.1 * (1.6449 / 1.2816)) < 1e-3);
});

test('`from` leaves out the instants before it; a template path keeps the others as they were', () => {
  const opts = { now: T0 + 15 * MIN, horizonMs: 60 * MIN, stepMs: 5 * MIN, kind: 'relogin' as const, t0: T0, library };
  const whole = nowcast(storm(1, T0 + 15 * MIN), opts);
  const tail = nowcast(storm(1, T0 + 15 * MIN), { ...opts, from: T0 + 50 * MIN });
  assert.deepEqual(
    tail,
    whole.filter((b) => b.t >= T0 + 50 * MIN)
  );
  assert.equal(tail[0]?.t, T0 + 50 * MIN);
});
