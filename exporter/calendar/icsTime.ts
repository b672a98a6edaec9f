import ICAL from 'ical.js';
import { ianaForWindowsZone } from '../../core/calendar/windowsZones';
import { isKnownTimeZone, wallTimeToInstant, zoneOffsetAt, type WallTime } from '../../core/calendar/wallTime';
import { wallTimeOfMatch } from './wallTimeMatch';

/** An ICS DATE or DATE-TIME value as written: wall fields, and how to read them. */
export interface IcsTimeValue {
  wall: WallTime;
  isDate: boolean;
  isUtc: boolean;
  /** TZID parameter, when given. */
  tzid?: string;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z)?)?$/;

/**
 * Reads ical.js's jCal string (`2017-07-17T03:00:00`, `2017-07-17`) ourselves: ical.js would
 * silently roll a 13th month or a 45th day over into a valid date.
 */
export function readIcsTime(raw: unknown, tzid: string | undefined, written?: string): IcsTimeValue | string {
  // Errors quote the value as written in the file: ical.js's reading of a bad value is not it.
  const shown = (): string => written ?? (typeof raw === 'string' ? raw.replace(/[-:]/g, '') : String(raw));
  if (typeof raw !== 'string') return `not a date or date-time: "${shown()}"`;
  const m = DATE_TIME.exec(raw);
  if (!m) return `invalid date or date-time "${shown()}"`;
  const wall = wallTimeOfMatch(m);
  if (!wall) return `no such date or time "${shown()}"`;
  return { wall, isDate: m[4] === undefined, isUtc: m[7] === 'Z', ...(tzid ? { tzid } : {}) };
}

/** Turns wall times into instants with the file's VTIMEZONEs first, then the runtime's tz database. */
export class IcsZones {
  private readonly vtimezones = new Map<string, ICAL.Timezone>();
  /** tzid + local day -> the day's offset (seconds) when it is constant all day, null on a transition day. */
  private readonly dayOffsets = new Map<string, number | null>();

  constructor(private readonly floatingZone: string) {}

  addVtimezone(component: ICAL.Component): string | undefined {
    const tzid = component.getFirstPropertyValue('tzid');
    if (typeof tzid !== 'string' || !tzid) return 'VTIMEZONE without TZID';
    this.vtimezones.set(tzid, new ICAL.Timezone({ component, tzid }));
    return undefined;
  }

  /** Why a TZID cannot be read (no VTIMEZONE, not IANA, not a Windows name), or undefined when it can. */
  tzidProblem(tzid: string): string | undefined {
    if (this.vtimezones.has(tzid) || isKnownTimeZone(tzid) || ianaForWindowsZone(tzid)) return undefined;
    return `unknown TZID "${tzid}" (no VTIMEZONE in the file and not an IANA name)`;
  }

  /**
   * The IANA name kept on the event for display. A custom VTIMEZONE (Outlook's `Eastern Standard
   * Time 1`, a fixed −04:00) is shown as the Windows zone it names when that zone has the same offset
   * at `instant` (the value's own instant), else as the fixed Etc/GMT zone of its offset, so local
   * times read right; the TZID as written only when nothing better is known.
   */
  displayZone(value: IcsTimeValue, instant: number): string {
    if (value.isUtc) return 'UTC';
    if (!value.tzid) return this.floatingZone;
    if (isKnownTimeZone(value.tzid)) return value.tzid;
    if (!this.vtimezones.has(value.tzid)) return ianaForWindowsZone(value.tzid) ?? value.tzid;
    const w = value.wall;
    const offsetMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - instant;
    const named = ianaForWindowsZone(value.tzid) ?? ianaForWindowsZone(value.tzid.replace(/\s+\d+$/, ''));
    if (named && zoneOffsetAt(instant, named) === offsetMs) return named;
    const hours = offsetMs / 3_600_000;
    // Etc/GMT names count westward: Etc/GMT+4 is UTC−04:00.
    if (Number.isInteger(hours) && Math.abs(hours) <= 14)
      return hours === 0 ? 'UTC' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
    return named ?? value.tzid;
  }

  toInstant(value: IcsTimeValue): number | string {
    const w = value.wall;
    if (value.isUtc) return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    if (!value.tzid) return wallTimeToInstant(w, this.floatingZone);
    const vtz = this.vtimezones.get(value.tzid);
    if (vtz) {
      try {
        return (
          Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) -
          this.vtimezoneOffset(value.tzid, vtz, w) * 1000
        );
      } catch (e) {
        // ical.js reads VTIMEZONE rules lazily, so a broken one only shows when an offset is asked for.
        return `VTIMEZONE "${value.tzid}" is unusable: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    const iana = isKnownTimeZone(value.tzid) ? value.tzid : ianaForWindowsZone(value.tzid);
    if (iana) return wallTimeToInstant(w, iana);
    return `unknown TZID "${value.tzid}" (no VTIMEZONE in the file and not an IANA name)`;
  }

  /**
   * ical.js computes a VTIMEZONE offset by allocating Time objects, which dominated expansion time.
   * Offsets change on a couple of days a year, so a day whose midnight and last minute agree is
   * answered from a cache; only transition days are computed per occurrence.
   */
  private vtimezoneOffset(tzid: string, vtz: ICAL.Timezone, w: WallTime): number {
    const key = `${tzid}|${w.year}-${w.month}-${w.day}`;
    let day = this.dayOffsets.get(key);
    if (day === undefined) {
      const first = vtz.utcOffset(
        ICAL.Time.fromData({ year: w.year, month: w.month, day: w.day, hour: 0, minute: 0, second: 0, isDate: false })
      );
      const last = vtz.utcOffset(
        ICAL.Time.fromData({
          year: w.year,
          month: w.month,
          day: w.day,
          hour: 23,
          minute: 59,
          second: 59,
          isDate: false,
        })
      );
      day = first === last ? first : null;
      this.dayOffsets.set(key, day);
    }
    return day ?? vtz.utcOffset(ICAL.Time.fromData({ ...w, isDate: false }));
  }
}
