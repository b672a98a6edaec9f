import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ViewerLabelSets } from './viewerLabelSets';

test('viewer label sets are read by name, the same object each time, and fold past the budget', () => {
  const sets = new ViewerLabelSets(2);
  const a = sets.idOfLabels({ title: 'Luke Cage', cdn: 'akamai', region: 'eu', device: 'tv' });
  const b = sets.idOfLabels({ title: 'Iron Fist', cdn: 'fastly', region: 'na', device: 'web' });
  assert.equal(sets.idOfLabels({ title: 'Luke Cage', cdn: 'akamai', region: 'eu', device: 'tv' }), a);
  assert.deepEqual(sets.labelsOf(b), { title: 'Iron Fist', cdn: 'fastly', region: 'na', device: 'web' });
  assert.equal(sets.labelsOf(a), sets.labelsOf(a));
  assert.ok(Object.isFrozen(sets.labelsOf(a)), 'shared by every reader: not to be changed');
  assert.equal(sets.titleOf(a), 'Luke Cage');
  const folded = sets.idOfLabels({ title: 'Daredevil', cdn: 'akamai', region: 'eu', device: 'tv' });
  assert.deepEqual(sets.labelsOf(folded), { title: 'other', cdn: 'other', region: 'other', device: 'other' });
  assert.equal(sets.folded, 1);
});
