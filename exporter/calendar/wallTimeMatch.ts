import { isValidWallTime, type WallTime } from '../../core/calendar/wallTime';

/**
 * The wall time in a date(-time) pattern's first six groups: year, month, day, then hour, minute and
 * second (0 when absent). Undefined when no such date or time exists (a 13th month, a 45th day).
 */
export function wallTimeOfMatch(m: RegExpExecArray): WallTime | undefined {
  const wall: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  return isValidWallTime(wall) ? wall : undefined;
}
