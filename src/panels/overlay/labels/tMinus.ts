const MIN = 60_000;

/** "3d 4h", "2h 05m", "45m": coarse enough to read across a war room. */
export function shortDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MIN);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) {
    return `${days}d ${hours}h`;
  }
  if (hours > 0) {
    return `${hours}h ${String(mins).padStart(2, '0')}m`;
  }
  return `${mins}m`;
}

/** T-minus before the start, T-plus once it has started (a finished event keeps counting from its start). */
export function tMinusLabel(now: number, start: number): string {
  return now < start ? `T-${shortDuration(start - now)}` : `T+${shortDuration(now - start)}`;
}
