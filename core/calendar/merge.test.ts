import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalendarEvent } from './event';
import { mergeEvents, type SourcedEvent } from './merge';

const event = (id: string, title: string, start = 0): CalendarEvent => ({
  id,
  title,
  kind: 'premiere',
  start,
  end: start + 1,
  timeZone: 'UTC',
});
const from = (rank: number, e: CalendarEvent, sequence = 0, cancelled = false): SourcedEvent => ({
  event: e,
  sequence,
  cancelled,
  sourceRank: rank,
});

test('the same id from two sources is one event, the first source wins a tie', () => {
  const r = mergeEvents([from(1, event('x', 'from B')), from(0, event('x', 'from A'))]);
  assert.deepEqual(
    r.events.map((e) => e.title),
    ['from A']
  );
  assert.deepEqual(r.duplicates, [{ id: 'x', winnerRank: 0, loserRank: 1 }]);
});

test('a higher SEQUENCE wins whatever the source order', () => {
  const r = mergeEvents([from(0, event('x', 'old', 0), 1), from(1, event('x', 'rescheduled', 10), 2)]);
  assert.deepEqual(
    r.events.map((e) => [e.title, e.start]),
    [['rescheduled', 10]]
  );
});

test('a winning cancellation removes the event from the merge', () => {
  const r = mergeEvents([
    from(0, event('x', 'live'), 0),
    from(1, event('x', 'cancelled'), 3, true),
    from(0, event('y', 'other')),
  ]);
  assert.deepEqual(
    r.events.map((e) => e.id),
    ['y']
  );
});

test('an older cancellation does not remove a newer revision', () => {
  const r = mergeEvents([from(0, event('x', 'cancelled'), 1, true), from(1, event('x', 'back on'), 2)]);
  assert.deepEqual(
    r.events.map((e) => e.title),
    ['back on']
  );
});

test('distinct ids all survive, sorted by start', () => {
  const r = mergeEvents([from(0, event('b', 'B', 5)), from(1, event('a', 'A', 1))]);
  assert.deepEqual(
    r.events.map((e) => e.id),
    ['a', 'b']
  );
  assert.equal(r.duplicates.length, 0);
});
