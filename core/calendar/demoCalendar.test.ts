import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDemoCalendar } from './demoCalendar';
import { DEFAULT_EVENT_WINDOW, eventsInWindow } from './eventWindow';

const now = Date.parse('2026-11-22T16:02:30Z');

test("the demo's next event goes live a few minutes after now, on a whole minute", () => {
  const next = buildDemoCalendar(now)
    .filter((e) => e.start > now)
    .sort((a, b) => a.start - b.start)[0];
  assert.equal(next?.kind, 'premiere');
  assert.equal(new Date(next!.start).toISOString(), '2026-11-22T16:08:00.000Z');
});

test('every demo event lies in the default window, with distinct ids and all four kinds', () => {
  const events = buildDemoCalendar(now);
  assert.equal(eventsInWindow(events, DEFAULT_EVENT_WINDOW, now).length, events.length);
  assert.equal(new Set(events.map((e) => e.id)).size, events.length);
  assert.deepEqual(new Set(events.map((e) => e.kind)), new Set(['premiere', 'episode', 'live', 'rebroadcast']));
});

test('the same anchor gives the same calendar', () => {
  assert.deepEqual(buildDemoCalendar(now), buildDemoCalendar(now));
  assert.equal(buildDemoCalendar(now, { firstStartsInMs: 60_000 })[1]?.start, Date.parse('2026-11-22T16:04:00Z'));
});
