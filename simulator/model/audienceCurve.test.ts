import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { componentShape, titleViewersAt, type AudienceComponent } from './audienceCurve';

const MIN = 60_000;
const base: AudienceComponent = {
  title: 't',
  start: 100 * MIN,
  end: 200 * MIN,
  peak: 1000,
  peakAt: 110 * MIN,
  rampMinutes: 30,
  preLevel: 0.3,
  holdLevel: 0.8,
  decayMinutes: 20,
  tail: 'short',
  bumps: [],
};

test('the audience is zero before the ramp, the pre-level at T0, full at the peak', () => {
  assert.equal(componentShape(base, 60 * MIN), 0);
  assert.ok(Math.abs(componentShape(base, 100 * MIN) - 0.3) < 1e-9);
  assert.ok(Math.abs(componentShape(base, 110 * MIN) - 1) < 1e-9);
  assert.ok(Math.abs(componentShape(base, 200 * MIN) - 0.8) < 1e-9);
});

test('a binge drop keeps a longer tail than a live event', () => {
  const later = 260 * MIN;
  assert.ok(componentShape({ ...base, tail: 'long' }, later) > componentShape(base, later));
});

test('a halftime bump lifts the curve at its time', () => {
  const withBump = { ...base, bumps: [{ at: 150 * MIN, widthMinutes: 5, gain: 0.3 }] };
  assert.ok(componentShape(withBump, 150 * MIN) > componentShape(base, 150 * MIN) + 0.29);
});

test('viewers are never negative, whatever the curve and the instant', () => {
  fc.assert(
    fc.property(
      fc.record({
        preLevel: fc.double({ min: 0, max: 1, noNaN: true }),
        holdLevel: fc.double({ min: 0, max: 2, noNaN: true }),
        rampMinutes: fc.double({ min: 0, max: 300, noNaN: true }),
        decayMinutes: fc.double({ min: 1, max: 900, noNaN: true }),
        gain: fc.double({ min: -1, max: 5, noNaN: true }),
        baseline: fc.double({ min: 0, max: 1e7, noNaN: true }),
        t: fc.double({ min: 0, max: 600, noNaN: true }),
        long: fc.boolean(),
      }),
      (r) => {
        const c: AudienceComponent = {
          ...base,
          preLevel: r.preLevel,
          holdLevel: r.holdLevel,
          rampMinutes: r.rampMinutes,
          decayMinutes: r.decayMinutes,
          tail: r.long ? 'long' : 'short',
          bumps: [{ at: 150 * MIN, widthMinutes: 10, gain: r.gain }],
        };
        const v = titleViewersAt({ title: 't', baseline: r.baseline, components: [c] }, r.t * MIN);
        return Number.isFinite(v) && v >= 0;
      }
    )
  );
});
