const SEC = 1000;
const MIN = 60_000;

/** "3d 4h", "2h 05m", "12m 04s", "45s": seconds only in the last hour, where a ticking countdown matters. */
export function shortDuration(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / SEC);
  const minutes = Math.floor(seconds / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) {
    return `${days}d ${hours}h`;
  }
  if (hours > 0) {
    return `${hours}h ${String(mins).padStart(2, '0')}m`;
  }
  if (mins > 0) {
    return `${mins}m ${String(seconds % 60).padStart(2, '0')}s`;
  }
  return `${seconds % 60}s`;
}

/** T-minus before the start, T-plus once it has started (a finished event keeps counting from its start). */
export function tMinusLabel(now: number, start: number): string {
  return now < start ? `T-${shortDuration(start - now)}` : `T+${shortDuration(now - start)}`;
}

/** Whole minutes, for labels that do not tick (the plot's event regions). */
export function minutesLabel(now: number, start: number): string {
  const rounded = Math.round((start - now) / MIN) * MIN;
  return tMinusLabel(now, now + rounded);
}
