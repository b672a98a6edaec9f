import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalendarEvent } from './event';
import { DEFAULT_EVENT_WINDOW, eventsInWindow, sortedEventsInWindow, windowRange } from './eventWindow';

const DAY = 86_400_000;
const now = Date.parse('2026-01-10T00:00:00Z');
const ev = (id: string, startDays: number, hours = 2): CalendarEvent => ({
  id,
  title: id,
  kind: 'episode',
  start: now + startDays * DAY,
  end: now + startDays * DAY + hours * 3_600_000,
  timeZone: 'UTC',
});

test('the default window is 7 days back and 30 ahead', () => {
  assert.deepEqual(windowRange(DEFAULT_EVENT_WINDOW, now), { from: now - 7 * DAY, to: now + 30 * DAY });
});

test('only events overlapping the window are kept, sorted by start', () => {
  const kept = eventsInWindow(
    [ev('late', 31), ev('soon', 1), ev('old', -8), ev('lastweek', -6), ev('edge', 30)],
    DEFAULT_EVENT_WINDOW,
    now
  );
  assert.deepEqual(
    kept.map((e) => e.id),
    ['lastweek', 'soon', 'edge']
  );
});

test('an event that started before the window but is still running is kept', () => {
  const kept = eventsInWindow([ev('marathon', -8, 24 * 2)], DEFAULT_EVENT_WINDOW, now);
  assert.deepEqual(
    kept.map((e) => e.id),
    ['marathon']
  );
});

test("a decade of weekly occurrences yields only the window's handful", () => {
  const decade = Array.from({ length: 520 }, (_, i) => ev(`raw-${i}`, -260 * 7 + i * 7));
  assert.equal(eventsInWindow(decade, DEFAULT_EVENT_WINDOW, now).length, 6);
});

test('on events sorted by start, sortedEventsInWindow gives what eventsInWindow gives', () => {
  const events = Array.from({ length: 200 }, (_, i) => ev(`e${i}`, ((i * 37) % 90) - 45, (i * 13) % 400)).sort(
    (a, b) => a.start - b.start || (a.id < b.id ? -1 : 1)
  );
  assert.deepEqual(
    sortedEventsInWindow(events, DEFAULT_EVENT_WINDOW, now),
    eventsInWindow(events, DEFAULT_EVENT_WINDOW, now)
  );
  assert.ok(sortedEventsInWindow(events, DEFAULT_EVENT_WINDOW, now).length > 0);
});
