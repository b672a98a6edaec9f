import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FailureWindow } from './scenarioSchema';
import { compareWithTruth } from './truthCheck';

const H = 3_600_000;
const windows: FailureWindow[] = [{ signal: 'segments', cdn: 'eu', cause: 'capacity', from: 10 * H, to: 12 * H }];

test('a breach inside its window passes', () => {
  assert.deepEqual(compareWithTruth(windows, [{ signal: 'segments', scope: 'cdn:eu', from: 10 * H, to: 11 * H }], 0), {
    missed: [],
    unexpected: [],
  });
});

test('a window without a breach is reported as missed', () => {
  assert.equal(compareWithTruth(windows, [], 0).missed.length, 1);
});

test('a breach on another CDN, or outside the window, is a false alarm', () => {
  const other = { signal: 'segments' as const, scope: 'cdn:us', from: 10 * H, to: 11 * H };
  const late = { signal: 'segments' as const, scope: 'cdn:eu', from: 13 * H, to: 14 * H };
  assert.deepEqual(compareWithTruth(windows, [other, late], 0.5 * H).unexpected, [other, late]);
});
