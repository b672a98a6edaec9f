import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capacitySteps, forecastCapacity } from './forecastCapacity';

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

test('capacity steps: the limit in force at the start, then each scheduled step up to the end, on the model clock', () => {
  const steps = capacitySteps(
    {
      resources: [
        {
          id: 'viewers',
          unit: 'viewers',
          limit: 1000,
          steps: [
            { from: 50, limit: 1500 },
            { from: 200, limit: 4000 },
            { from: 900, limit: 500 },
          ],
        },
        { id: 'cpu', unit: 'requests_per_second', limit: 1, steps: [] },
      ],
    },
    100,
    600,
    (t) => t * 10
  );
  assert.deepEqual([...steps.keys()], ['viewers']);
  assert.deepEqual(steps.get('viewers'), [
    { t: 1000, v: 1500 },
    { t: 2000, v: 4000 },
  ]);
});
