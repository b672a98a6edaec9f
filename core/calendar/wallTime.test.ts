import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatWallTime, isKnownTimeZone, isValidWallTime, wallTimeAt, wallTimeToInstant } from './wallTime';

const wall = (s: string) => {
  const [d, t] = s.split(' ');
  const [year, month, day] = (d ?? '').split('-').map(Number);
  const [hour, minute] = (t ?? '00:00').split(':').map(Number);
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: 0 };
};

test('Paris summer time is UTC+2: the GoT simulcast at 03:00 is 01:00Z', () => {
  assert.equal(
    new Date(wallTimeToInstant(wall('2017-07-17 03:00'), 'Europe/Paris')).toISOString(),
    '2017-07-17T01:00:00.000Z'
  );
});

test('New York winter time is UTC-5', () => {
  assert.equal(
    new Date(wallTimeToInstant(wall('2024-11-15 20:00'), 'America/New_York')).toISOString(),
    '2024-11-16T01:00:00.000Z'
  );
});

test('a wall time in the spring-forward gap moves forward by the gap', () => {
  // 2025-03-30 02:30 does not exist in Paris; RFC 5545 reads it with the offset before the gap.
  assert.equal(
    new Date(wallTimeToInstant(wall('2025-03-30 02:30'), 'Europe/Paris')).toISOString(),
    '2025-03-30T01:30:00.000Z'
  );
});

test('a wall time in the autumn overlap takes its first occurrence', () => {
  assert.equal(
    new Date(wallTimeToInstant(wall('2025-10-26 02:30'), 'Europe/Paris')).toISOString(),
    '2025-10-26T00:30:00.000Z'
  );
});

test("wallTimeAt and formatWallTime show the zone's local time", () => {
  const instant = Date.parse('2020-04-03T07:00:00Z');
  assert.deepEqual(wallTimeAt(instant, 'Europe/Madrid'), wall('2020-04-03 09:00'));
  assert.equal(formatWallTime(instant, 'Europe/Madrid'), '2020-04-03 09:00');
  assert.equal(formatWallTime(instant, 'Not/AZone'), '2020-04-03 07:00');
});

test('isKnownTimeZone and isValidWallTime refuse what does not exist', () => {
  assert.equal(isKnownTimeZone('Europe/Paris'), true);
  assert.equal(isKnownTimeZone('Mars/Olympus'), false);
  assert.equal(isValidWallTime(wall('2024-02-29 00:00')), true);
  assert.equal(isValidWallTime(wall('2023-02-29 00:00')), false);
  assert.equal(isValidWallTime(wall('2017-13-01 00:00')), false);
  assert.equal(isValidWallTime(wall('2017-07-17 24:00')), false);
});
