import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from './duration';

test('parseDuration reads single and compound units', () => {
  assert.equal(parseDuration('7d'), 7 * 86_400_000);
  assert.equal(parseDuration('1h30m'), 90 * 60_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('2w'), 14 * 86_400_000);
});

test('parseDuration refuses text that is not a duration', () => {
  for (const bad of ['', '7', 'd', '7 days', '1h 30m', '-5m', '5x']) assert.equal(parseDuration(bad), undefined, bad);
});

test('formatDuration spells the shortest exact form', () => {
  assert.equal(formatDuration(90 * 60_000), '1h30m');
  assert.equal(formatDuration(30 * 86_400_000), '4w2d');
  assert.equal(formatDuration(0), '0s');
});
