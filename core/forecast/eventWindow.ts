import type { ForecastKind } from './types';

/**
 * How long after T0 an event's peak is looked for, in minutes. Re-logins recover within the hour
 * (OSRS: 90% back in ~35 min), live shows last a few hours, and a binge drop keeps climbing for
 * half a day (Metro 2033's flash crowd peaked ~13 h after its surge began).
 */
export const EVENT_WINDOW_MIN: Record<ForecastKind, number> = {
  relogin: 120,
  live: 180,
  rebroadcast: 180,
  episode: 360,
  premiere: 720,
};
