import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabelSets } from './labelSets';

test('the same tuple always gets the same id', () => {
  const sets = new LabelSets(10, ['other']);
  assert.equal(sets.idOf(['a']), sets.idOf(['a']));
  assert.notEqual(sets.idOf(['a']), sets.idOf(['b']));
});

test('past the budget new tuples fold into the overflow tuple and are counted', () => {
  const sets = new LabelSets(2, ['other', 'other']);
  sets.idOf(['a', 'x']);
  sets.idOf(['b', 'x']);
  const folded = sets.idOf(['c', 'x']);
  assert.deepEqual(sets.tuples[folded], ['other', 'other']);
  assert.equal(sets.idOf(['d', 'x']), folded);
  assert.equal(sets.folded, 2);
  assert.equal(sets.size, 3); // the budget plus the overflow series, never more
});
