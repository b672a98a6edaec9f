import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intervalsWhere, minutesOf, peakOf, relativeError, transitions } from './figures';

const MIN = 60_000;
const pts = (vs: number[]) => vs.map((v, i) => ({ t: i * MIN, v }));

test('intervalsWhere joins consecutive samples and a gap closes a stretch', () => {
  const points = [...pts([0, 1, 1, 0, 1]), { t: 9 * MIN, v: 1 }];
  assert.deepEqual(
    intervalsWhere(points, MIN, (v) => v > 0.5),
    [
      { from: MIN, to: 3 * MIN },
      { from: 4 * MIN, to: 5 * MIN },
      { from: 9 * MIN, to: 10 * MIN },
    ]
  );
  assert.equal(minutesOf(intervalsWhere(points, MIN, (v) => v > 0.5)), 4);
});

test('peakOf takes the first highest sample; transitions keep only changes', () => {
  assert.deepEqual(peakOf(pts([1, 5, 5, 2])), { t: MIN, v: 5 });
  assert.equal(peakOf([]), undefined);
  const byState = new Map([
    ['green', pts([1, 1, 0, 0, 1])],
    ['red', pts([0, 0, 1, 1, 0])],
  ]);
  assert.deepEqual(transitions(byState), [
    { t: 0, state: 'green' },
    { t: 2 * MIN, state: 'red' },
    { t: 4 * MIN, state: 'green' },
  ]);
  assert.equal(relativeError(110, 100), 0.1);
});
