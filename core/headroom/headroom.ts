import type { EventStatus } from '../status';

/** The badge's colour: the event status by the one rule (core/status). */
export type HeadroomStatus = EventStatus;

/** 1 − peak ÷ capacity: the share of capacity left at the forecast peak (negative when over). */
export function headroom(peak: number, capacity: number): number {
  if (!(capacity > 0)) return Number.NEGATIVE_INFINITY;
  return 1 - Math.max(0, peak) / capacity;
}
