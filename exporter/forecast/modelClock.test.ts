import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelClock } from './modelClock';

test('at scale 1 the forecast runs on the wall clock', () => {
  const c = modelClock(1000);
  assert.equal(c.toModel(5000), 5000);
  const e = { id: 'e', title: 'T', kind: 'live' as const, start: 2000, end: 3000, timeZone: 'UTC' };
  assert.equal(c.event(e), e);
});

test('a replay at x3600 turns a wall second into a forecast hour, and back', () => {
  const c = modelClock(1_000_000, 3600);
  assert.equal(c.toModel(1_001_000) - c.toModel(1_000_000), 3_600_000);
  assert.equal(c.toWall(c.toModel(1_234_567)), 1_234_567);
  const e = c.event({ id: 'e', title: 'T', kind: 'live', start: 1_001_000, end: 1_002_000, timeZone: 'UTC' });
  assert.equal(e.end - e.start, 3_600_000);
});

test('a scale that is not a positive number is refused', () => {
  assert.throws(() => modelClock(0, 0), /positive/);
  assert.throws(() => modelClock(0, Number.NaN), /positive/);
});
