import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stepQueue, type QueueState } from './queueResource';

function run(offered: number[], capacity: number, timeout = 10): number[] {
  let state: QueueState = { backlog: 0 };
  return offered.map((o) => {
    const step = stepQueue(state, o, capacity, 1, timeout);
    state = step.state;
    return step.failureRatio;
  });
}

test('nothing fails while demand stays within capacity', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 200 }), (offered) =>
      run(offered, 100).every((f) => f === 0)
    )
  );
});

test('past capacity, failures come late (the queue fills first) then settle at the overflow share', () => {
  const ratios = run(new Array(60).fill(200), 100, 10);
  assert.equal(ratios[0], 0, 'the first seconds queue instead of failing');
  const settled = ratios.at(-1)!;
  assert.ok(Math.abs(settled - 0.5) < 0.01, `settled at ${settled}`);
  assert.ok(ratios.findIndex((r) => r > 0) >= 5, 'failures start once waiting passes the timeout');
});

test('failures outlast the surge until the backlog drains', () => {
  let state: QueueState = { backlog: 0 };
  for (let i = 0; i < 60; i++) state = stepQueue(state, 200, 100, 1, 10).state;
  const after = stepQueue(state, 90, 100, 1, 10);
  assert.ok(after.waitSeconds > 5, 'still a long wait after the surge');
});

test('failure ratio never leaves [0, 1], whatever the input', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 50 }),
      fc.double({ min: 0, max: 1e9, noNaN: true }),
      (offered, capacity) => run(offered, capacity).every((f) => f >= 0 && f <= 1)
    )
  );
});

test('a resource at zero capacity fails everything', () => {
  assert.deepEqual(run([10, 10], 0), [1, 1]);
});
