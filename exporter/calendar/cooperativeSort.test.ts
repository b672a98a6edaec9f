import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NEVER_YIELD } from './cooperativeYield';
import { sortCooperatively } from './cooperativeSort';

test('sorts like Array.prototype.sort, stably, at every size around the run boundaries', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 5000 }), async (keys) => {
      const items = keys.map((key, index) => ({ key, index }));
      const expected = [...items].sort((a, b) => a.key - b.key);
      assert.deepEqual(await sortCooperatively(items, (a, b) => a.key - b.key, NEVER_YIELD), expected);
    }),
    { numRuns: 40 }
  );
  for (const n of [0, 1, 1023, 1024, 1025, 2048, 4097]) {
    const items = Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    assert.deepEqual(
      await sortCooperatively(items, (a, b) => a - b, NEVER_YIELD),
      [...items].sort((a, b) => a - b)
    );
  }
});

test('yields between slices', async () => {
  let yields = 0;
  const counting = { maybeYield: async () => void yields++ };
  await sortCooperatively(
    Array.from({ length: 5000 }, (_, i) => 5000 - i),
    (a, b) => a - b,
    counting
  );
  assert.ok(yields >= 5);
});
