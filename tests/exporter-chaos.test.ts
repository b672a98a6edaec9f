import { test } from 'node:test';
import assert from 'node:assert/strict';
import { massExpiryScenario, restartScenario } from './chaos/scenarios';

// The short version of `npm run chaos` (which also covers SIGTERM, full and read-only state
// directories and a corrupt calendar, at 20k sessions and a 2M mass expiry).
const sizes = { sessions: 2000, massExpiry: 20_000, massHeartbeatSeconds: 4 };

test('chaos: after a SIGKILL mid-premiere the gauge is within 1% of the truth one TTL after the restart', async () => {
  const figure = await restartScenario('SIGKILL', sizes);
  assert.ok(figure.ok, figure.figure);
});

test('chaos: a mass expiry leaves the gauge within 1% of the truth within one heartbeat interval', async () => {
  const figure = await massExpiryScenario(sizes);
  assert.ok(figure.ok, figure.figure);
});
