import type { CalendarEvent } from '../calendar/event';
import { EVENT_WINDOW_MIN } from './eventWindow';

const MIN = 60_000;

/** The path starts this long before T0: the arrivals and login storm that come ahead of the start. */
export const PATH_LEAD_MIN = 60;
/** Most points on an event's path (each is three series): the grid step grows with the window. */
export const MAX_PATH_POINTS = 96;
/** Grid steps tried, in minutes: the smallest that keeps the window within MAX_PATH_POINTS. */
const GRID_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120] as const;

/** The instants an event is forecast over, and the fixed grid its path is published on. */
export interface EventWindow {
  /** T0 − PATH_LEAD_MIN. */
  start: number;
  /** The kind's peak window after T0, never past the event's end. */
  end: number;
  /** The grid's step; grid instants are T0 + k·step (k may be negative). */
  stepMin: number;
}

/** The event's window; empty (end <= start) only for an event that ends before it starts. */
export function eventWindow(event: Pick<CalendarEvent, 'start' | 'end' | 'kind'>): EventWindow {
  const start = event.start - PATH_LEAD_MIN * MIN;
  const end = Math.min(event.end, event.start + EVENT_WINDOW_MIN[event.kind] * MIN);
  const spanMin = Math.max(0, (end - start) / MIN);
  const stepMin = GRID_STEPS_MIN.find((s) => spanMin / s <= MAX_PATH_POINTS) ?? 120;
  return { start, end, stepMin };
}

/** Grid instants from `from` (inclusive) to the window's end (inclusive), T0-aligned. */
export function gridTimes(window: EventWindow, t0: number, from: number): number[] {
  const step = window.stepMin * MIN;
  const first = Math.ceil((Math.max(from, window.start) - t0) / step);
  const last = Math.floor((window.end - t0) / step);
  const out: number[] = [];
  for (let k = first; k <= last; k++) out.push(t0 + k * step);
  return out;
}
