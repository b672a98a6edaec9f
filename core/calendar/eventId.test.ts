import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactId, occurrenceId } from './eventId';

const outlookUid =
  '040000008200E00074C5B7101A82E00800000000D0B6F7A1C95BDB01000000000000000010000000B2E8C4A5F0E1D34C9E2A7B1F3C5D6E7F';

test('short ids are kept as written', () => {
  assert.equal(compactId('3k1qv8mh2b2h0k6l1d5pp0@google.com'), '3k1qv8mh2b2h0k6l1d5pp0@google.com');
});

test('long ids keep a head and a hash, stay short, and differ when the UIDs differ', () => {
  const a = compactId(outlookUid);
  const b = compactId(outlookUid.replace(/F$/, 'E'));
  assert.ok(a.length <= 64 && a.startsWith(outlookUid.slice(0, 40)));
  assert.notEqual(a, b);
  assert.equal(compactId(outlookUid), a);
});

test('an occurrence id is the series id and the original start in UTC', () => {
  assert.equal(occurrenceId('raw@x', Date.parse('2025-01-07T01:00:00Z')), 'raw@x/20250107T010000Z');
  assert.ok(occurrenceId(outlookUid, 0).length < 128);
});
