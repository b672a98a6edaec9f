import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from './schema';
import { telemetryLimits } from './telemetryLimits';

test('the state gets the configured limits, the session TTL in milliseconds', () => {
  const config = resolveConfig({ catalog: ['Luke Cage'], sessionTtlSeconds: 45, maxSessions: 10, seriesBudget: 20 });
  assert.deepEqual(telemetryLimits(config), {
    catalog: ['Luke Cage'],
    allow: config.allow,
    sessionTtlMs: 45_000,
    maxSessions: 10,
    seriesBudget: 20,
  });
});
