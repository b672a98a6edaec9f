import type { CalendarEvent } from '../../core/calendar/event';

/**
 * The clock forecasts run on. Normally the wall clock; for a replay at speed X (`launchday simulate`,
 * the demo, the end-to-end tests) the replay's own clock, X times faster, so that templates, baselines
 * and horizons keep their minutes: a one-hour launch replayed in one second is still an hour to them.
 */
export interface ModelClock {
  readonly scale: number;
  toModel(wall: number): number;
  toWall(model: number): number;
  event(e: CalendarEvent): CalendarEvent;
}

export function modelClock(origin: number, scale = 1): ModelClock {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error(`forecast time scale must be a positive number, got ${scale}`);
  const toModel = (wall: number) => (scale === 1 ? wall : origin + (wall - origin) * scale);
  return {
    scale,
    toModel,
    toWall: (model) => (scale === 1 ? model : origin + (model - origin) / scale),
    event: (e) => (scale === 1 ? e : { ...e, start: toModel(e.start), end: toModel(e.end) }),
  };
}
