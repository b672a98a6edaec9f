import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lowerBound, upperBound } from './series';
import type { Point } from './types';

test('lowerBound and upperBound: the first point at or after, and the first after, an instant', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { maxLength: 40 }),
      fc.double({ min: -120, max: 120, noNaN: true }),
      (ts, at) => {
        const points: Point[] = [...ts].sort((a, b) => a - b).map((t) => ({ t, v: 1 }));
        const first = (ok: (p: Point) => boolean) => {
          const i = points.findIndex(ok);
          return i < 0 ? points.length : i;
        };
        assert.equal(
          lowerBound(points, at),
          first((p) => p.t >= at)
        );
        assert.equal(
          upperBound(points, at),
          first((p) => p.t > at)
        );
        // Within the first `end` points only.
        const end = points.length >> 1;
        assert.equal(
          upperBound(points, at, end),
          Math.min(
            end,
            first((p) => p.t > at)
          )
        );
      }
    )
  );
  // Not lowerBound(t + 1): a point between t and t + 1 ms is after t.
  assert.equal(
    upperBound(
      [
        { t: 0, v: 1 },
        { t: 0.5, v: 1 },
      ],
      0
    ),
    1
  );
});
