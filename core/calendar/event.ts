/** What goes live when: the unit every panel, forecast and alert is read against. */
export const EVENT_KINDS = ['premiere', 'episode', 'live', 'rebroadcast'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface CalendarEvent {
  /** Stable across reloads: the ICS UID (plus recurrence instant) or the file's id. */
  id: string;
  title: string;
  kind: EventKind;
  /** Instants in epoch milliseconds; the zone they were written in is kept for display. */
  start: number;
  end: number;
  timeZone: string;
  expectedPeak?: number;
  region?: string;
  notes?: string;
}
