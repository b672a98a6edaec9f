import type { CalendarEvent } from './event';

/** How far back and ahead of now events become series, so a decade-long RRULE cannot explode cardinality. */
export interface EventWindow {
  lookBehindMs: number;
  lookAheadMs: number;
}

export const DEFAULT_EVENT_WINDOW: EventWindow = { lookBehindMs: 7 * 86_400_000, lookAheadMs: 30 * 86_400_000 };

export interface InstantRange {
  from: number;
  to: number;
}

export function windowRange(window: EventWindow, now: number): InstantRange {
  return { from: now - window.lookBehindMs, to: now + window.lookAheadMs };
}

/** An event belongs to the window when any part of it overlaps the range (a live event running now counts). */
export function overlaps(event: Pick<CalendarEvent, 'start' | 'end'>, range: InstantRange): boolean {
  return event.end >= range.from && event.start <= range.to;
}

/** Events inside the window, by start then id, so outputs are stable between scrapes. */
export function eventsInWindow(events: readonly CalendarEvent[], window: EventWindow, now: number): CalendarEvent[] {
  const range = windowRange(window, now);
  return events.filter((e) => overlaps(e, range)).sort(byStartThenId);
}

export function byStartThenId(a: CalendarEvent, b: CalendarEvent): number {
  return a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Like `eventsInWindow` for events already sorted by start: a filter, no sort. */
export function sortedEventsInWindow(
  sorted: readonly CalendarEvent[],
  window: EventWindow,
  now: number
): CalendarEvent[] {
  const range = windowRange(window, now);
  const out: CalendarEvent[] = [];
  for (const e of sorted) {
    if (e.start > range.to) break;
    if (e.end >= range.from) out.push(e);
  }
  return out;
}
