import type { CalendarEvent } from './event';

export interface DemoCalendarOptions {
  /** How long until the next premiere goes live; the demo wants it a few minutes away. */
  firstStartsInMs?: number;
  timeZone?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A calendar anchored on `now` for the one-command demo: a premiere a few minutes out, a live event
 * later tonight, last week's episode (for the reference class) and tomorrow's rebroadcast. Ids carry
 * the anchor minute so they stay stable for as long as the anchor does.
 */
export function buildDemoCalendar(now: number, options: DemoCalendarOptions = {}): CalendarEvent[] {
  const timeZone = options.timeZone ?? 'UTC';
  const first = Math.ceil((now + (options.firstStartsInMs ?? 5 * MINUTE)) / MINUTE) * MINUTE;
  const anchor = new Date(first).toISOString().slice(0, 16).replace(/[-:]/g, '');
  const event = (suffix: string, fields: Omit<CalendarEvent, 'id' | 'timeZone'>): CalendarEvent => ({
    id: `demo-${anchor}-${suffix}`,
    timeZone,
    ...fields,
  });
  return [
    event('episode', {
      title: 'Harbor Lights',
      kind: 'episode',
      start: first - 7 * 24 * HOUR,
      end: first - 7 * 24 * HOUR + HOUR,
      expectedPeak: 800_000,
      notes: "Last week's episode: the reference for tonight.",
    }),
    event('premiere', {
      title: 'Harbor Lights',
      kind: 'premiere',
      start: first,
      end: first + 2 * HOUR,
      expectedPeak: 2_500_000,
      region: 'eu',
      notes: "Season premiere: the demo's next event.",
    }),
    event('live', {
      title: 'Night Fight Live',
      kind: 'live',
      start: first + 4 * HOUR,
      end: first + 7 * HOUR,
      expectedPeak: 6_000_000,
      region: 'us',
    }),
    event('rebroadcast', {
      title: 'Harbor Lights',
      kind: 'rebroadcast',
      start: first + 24 * HOUR,
      end: first + 26 * HOUR,
      expectedPeak: 400_000,
    }),
  ];
}
