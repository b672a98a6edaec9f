import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveLibrary, type ObservedEvent } from './derive';
import type { Point } from './types';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 10, 12);

/** An episode-like surge on a flat 1000: excess `a` reached over two hours, 5-minute samples. */
function surge(a: number, k: number): ObservedEvent {
  const t0 = T0 + k * 3 * 1440 * MIN;
  const points: Point[] = [];
  for (let t = t0 - 3 * 60 * MIN; t <= t0 + 360 * MIN; t += 5 * MIN) {
    const m = (t - t0) / MIN;
    points.push({ t, v: 1000 * (1 + (m > 0 ? a * Math.min(1, m / 120) : 0)) });
  }
  return {
    kind: 'episode',
    t0,
    points,
    baseline: 1000,
    peak: 1000 * (1 + a),
    windowEnd: t0 + 360 * MIN,
    source: `s${k}`,
  };
}

const library = deriveLibrary([0.5, 1, 1.5, 2, 3].map(surge));

test('bands come per kind and per class, each bucket with its typical horizon, ascending', () => {
  for (const key of ['episode:pre', 'launch:pre', 'launch:early', 'launch']) {
    const bands = library.bands[key];
    assert.ok(bands?.length, key);
    const at = bands.map((b) => b.atHorizonMin as number);
    assert.ok(
      at.every((h, i) => Number.isFinite(h) && (i === 0 || h > (at[i - 1] as number))),
      `${key}: ${at}`
    );
    assert.ok(
      bands.every((b) => b.lo <= b.hi),
      key
    );
  }
});

test('before T0 the band spans the spread of the surges the class has seen', () => {
  // Leave-one-out from T-1h, a surge of 3 against templates of the others under-forecasts, one of 0.5
  // over-forecasts: the conformal band reaches both sides by more than 10%.
  const far = (library.bands['launch:pre'] ?? []).at(-1);
  assert.ok(far && far.lo < -0.1 && far.hi > 0.1, JSON.stringify(far));
});
