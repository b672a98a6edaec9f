import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastCapacity } from './forecastCapacity';

test('capacity ids map to the forecast: segments:<cdn> by CDN, unknown ids left out', () => {
  const cap = forecastCapacity([
    { id: 'viewers', unit: 'viewers', limit: 1000 },
    { id: 'logins', unit: 'logins_per_second', limit: 50 },
    { id: 'segments', unit: 'requests_per_second', limit: 900 },
    { id: 'segments:akamai', unit: 'requests_per_second', limit: 600 },
    { id: 'segments:other', unit: 'requests_per_second', limit: 100 },
    { id: 'cpu', unit: 'requests_per_second', limit: 1 },
  ]);
  assert.deepEqual(cap, {
    viewers: 1000,
    logins: 50,
    segments: 900,
    segmentsByCdn: new Map([
      ['akamai', 600],
      ['other', 100],
    ]),
  });
});
