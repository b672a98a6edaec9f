import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalQuantile } from './normalQuantile';

test('normal quantiles match the tables', () => {
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-9);
  assert.ok(Math.abs(normalQuantile(0.9) - 1.281552) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-6);
});
