import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SidIndex } from './sidIndex';

test('property: the sharded index behaves like one Map', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom('set', 'delete'), fc.string({ maxLength: 6 }), fc.nat()), { maxLength: 200 }),
      (ops) => {
        const index = new SidIndex();
        const model = new Map<string, number>();
        for (const [op, sid, slot] of ops) {
          if (op === 'set') {
            index.set(sid, slot);
            model.set(sid, slot);
          } else {
            index.delete(sid);
            model.delete(sid);
          }
        }
        assert.equal(index.size, model.size);
        for (const [sid, slot] of model) assert.equal(index.get(sid), slot);
      }
    )
  );
});
