import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabelGuard } from './labelGuard';

const allow = { cdn: ['akamai'], region: ['eu'], device: ['tv'], method: ['password'], reason: ['timeout'] };

test('a title outside the catalog and the calendar is counted as other', () => {
  const guard = new LabelGuard(['Luke Cage'], allow);
  assert.equal(guard.title('Luke Cage'), 'Luke Cage');
  assert.equal(guard.title('Attacker title 123'), 'other');
});

test('titles on the calendar join the known titles, and leave with it', () => {
  const guard = new LabelGuard([], allow);
  guard.setCalendarTitles(['WWE Raw']);
  assert.equal(guard.title('WWE Raw'), 'WWE Raw');
  guard.setCalendarTitles([]);
  assert.equal(guard.title('WWE Raw'), 'other');
});

test('dimensions outside their allow-list become other, and absent ones unknown', () => {
  const guard = new LabelGuard([], allow);
  assert.equal(guard.dimension('cdn', 'akamai'), 'akamai');
  assert.equal(guard.dimension('cdn', 'evil-cdn'), 'other');
  assert.equal(guard.dimension('region', undefined), 'unknown');
});

test('prototype keys are plain values, never lookups on shared objects', () => {
  const guard = new LabelGuard([], allow);
  assert.equal(guard.title('__proto__'), 'other');
  assert.equal(guard.dimension('cdn', 'constructor'), 'other');
});

test('a known title longer than 128 bytes still matches itself', () => {
  const title = '進撃の巨人 The Final Season 完結編 '.repeat(3);
  const guard = new LabelGuard([title], allow);
  assert.notEqual(guard.title(title), 'other');
  assert.ok(Buffer.byteLength(guard.title(title)) <= 128);
});
