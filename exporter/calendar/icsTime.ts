import ICAL from 'ical.js';
import { ianaForWindowsZone } from '../../core/calendar/windowsZones';
import { isKnownTimeZone, wallTimeToInstant, type WallTime } from '../../core/calendar/wallTime';
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
export function readIcsTime(raw: unknown, tzid: string | undefined): IcsTimeValue | string {
  if (typeof raw !== 'string') return 'not a date or date-time value';
  const m = DATE_TIME.exec(raw);
  if (!m) return `invalid date or date-time "${raw.replace(/[-:]/g, '')}"`;
  const wall = wallTimeOfMatch(m);
  if (!wall) return `no such date or time "${raw.replace(/[-:]/g, '')}"`;
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

  /** The IANA name kept on the event for display; the TZID as written when nothing better is known. */
  displayZone(value: IcsTimeValue): string {
    if (value.isUtc) return 'UTC';
    if (!value.tzid) return this.floatingZone;
    if (isKnownTimeZone(value.tzid)) return value.tzid;
    return ianaForWindowsZone(value.tzid) ?? value.tzid;
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
