/**
 * Wall-clock time in a named zone, converted with the runtime's tz database (Intl), so core stays
 * free of I/O. Used for YAML events written as local time and for ICS TZIDs without a VTIMEZONE.
 */
export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows `timeZone` as an IANA name (or UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time an instant shows in `timeZone`. Throws RangeError for an unknown zone. */
export function wallTimeAt(instant: number, timeZone: string): WallTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

function wallAsUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (east positive). */
export function zoneOffsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallAsUtc(wallTimeAt(whole, timeZone)) - whole;
}

/**
 * The instant a wall time denotes in `timeZone`. In a spring-forward gap it uses the offset in force
 * before the gap (RFC 5545 §3.3.5: 02:30 that does not exist becomes 03:30); in the autumn overlap it
 * takes the first occurrence.
 */
export function wallTimeToInstant(wall: WallTime, timeZone: string): number {
  const naive = wallAsUtc(wall);
  const before = zoneOffsetAt(naive - 86_400_000, timeZone);
  const after = zoneOffsetAt(naive + 86_400_000, timeZone);
  // Try the earlier offset first so the overlap resolves to its first occurrence.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const candidate = naive - offset;
    if (zoneOffsetAt(candidate, timeZone) === offset) return candidate;
  }
  return naive - before;
}

/** True when the fields are a real calendar date and time (no 13th month, no 31 February). */
export function isValidWallTime(w: WallTime): boolean {
  if (![w.year, w.month, w.day, w.hour, w.minute, w.second].every(Number.isInteger)) return false;
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 60) return false;
  if (w.hour < 0 || w.minute < 0 || w.second < 0) return false;
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  return w.day <= daysInMonth;
}

/** `2017-07-17 03:00` in the event's own zone, for tables and the API. */
export function formatWallTime(instant: number, timeZone: string): string {
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  const w = wallTimeAt(instant, zone);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}
