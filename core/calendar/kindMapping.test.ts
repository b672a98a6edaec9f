import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKindMapping, DEFAULT_KIND_MAPPING, isEventKind, kindFromCategories } from './kindMapping';

test('the first known category decides, case-insensitively', () => {
  assert.equal(kindFromCategories(['Drama', 'SPORTS', 'Premiere'], DEFAULT_KIND_MAPPING, 'episode'), 'live');
});

test('no known category falls back', () => {
  assert.equal(kindFromCategories(['Drama'], DEFAULT_KIND_MAPPING, 'episode'), 'episode');
  assert.equal(kindFromCategories([], DEFAULT_KIND_MAPPING, 'premiere'), 'premiere');
});

test('configured words override the defaults', () => {
  const mapping = buildKindMapping({ PPV: 'live', replay: 'episode' });
  assert.equal(kindFromCategories(['ppv'], mapping, 'episode'), 'live');
  assert.equal(kindFromCategories(['Replay'], mapping, 'premiere'), 'episode');
});

test('words that name Object members are just unknown words', () => {
  assert.equal(
    kindFromCategories(['constructor', '__proto__', 'toString'], DEFAULT_KIND_MAPPING, 'episode'),
    'episode'
  );
});

test('isEventKind knows exactly the four kinds', () => {
  assert.deepEqual(['premiere', 'episode', 'live', 'rebroadcast', 'relogin'].map(isEventKind), [
    true,
    true,
    true,
    true,
    false,
  ]);
});
