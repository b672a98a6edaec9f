import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusClass } from './statusClass';

test('504 keeps a class of its own, apart from other 5xx', () => {
  assert.equal(statusClass(504), '504');
  assert.equal(statusClass(503), '5xx');
  assert.equal(statusClass(404), '4xx');
});

test('timeouts and aborts are failures; 2xx and 3xx are not', () => {
  assert.equal(statusClass('timeout'), 'timeout');
  assert.equal(statusClass('aborted'), 'aborted');
  assert.equal(statusClass(200), null);
  assert.equal(statusClass(304), null);
});
