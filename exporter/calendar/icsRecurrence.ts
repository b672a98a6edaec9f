import ICAL from 'ical.js';
import type { InstantRange } from '../../core/calendar/eventWindow';
import type { Yielder } from './cooperativeYield';
import type { IcsTimeValue, IcsZones } from './icsTime';
import type { VeventFields } from './icsVevent';

/**
 * Occurrence starts of a series inside the range. Iterates in wall time (so a weekly 20:40 stays
 * 20:40 across DST) and converts each occurrence with the series' zone. UNTIL is checked on instants.
 */
export async function expandRecurrence(
  master: VeventFields,
  zones: IcsZones,
  range: InstantRange,
  maxSteps: number,
  yielder: Yielder,
  /** Stops once the series has more occurrences than this in the range: the caller leaves it out. */
  maxOccurrences = Number.POSITIVE_INFINITY
): Promise<number[]> {
  const instants = new Set<number>();
  const keep = (instant: number): void => {
    if (instant + master.durationMs >= range.from && instant <= range.to) instants.add(instant);
  };
  for (const rdate of master.rdates) {
    const instant = zones.toInstant(rdate);
    if (typeof instant === 'number') keep(instant);
  }
  const rule = master.rrule?.clone();
  // ical.js steps a DATE by hours that it does not have, so an HOURLY rule on an all-day DTSTART
  // never advances and `next()` never returns (the fuzz suite found it): refuse it before iterating.
  if (rule && master.start.isDate && ['HOURLY', 'MINUTELY', 'SECONDLY'].includes(String(rule.freq)))
    throw new Error(
      `FREQ=${String(rule.freq)} cannot repeat an all-day DTSTART (a date has no hours); the series is left out`
    );
  if (!rule) {
    keep(master.startInstant);
    return [...instants].sort((a, b) => a - b);
  }

  let untilInstant = Number.POSITIVE_INFINITY;
  if (rule.until) {
    const u = rule.until;
    const untilValue: IcsTimeValue = {
      wall: { year: u.year, month: u.month, day: u.day, hour: u.hour, minute: u.minute, second: u.second },
      isDate: u.isDate,
      isUtc: u.zone === ICAL.Timezone.utcTimezone,
      ...(master.start.tzid ? { tzid: master.start.tzid } : {}),
    };
    const converted = zones.toInstant(untilValue);
    untilInstant = typeof converted === 'number' ? converted + (u.isDate ? 86_399_999 : 0) : untilInstant;
    rule.until = null;
  }
  // Google's "this and following" edit ends the old series with an UNTIL before its own DTSTART: such
  // a series has no occurrence left (its DTSTART would duplicate the successor's first), as Google shows it.
  if (master.startInstant > untilInstant) return [...instants].sort((a, b) => a - b);
  keep(master.startInstant);
  const w = master.start.wall;
  const iterator = rule.iterator(ICAL.Time.fromData({ ...w, isDate: master.start.isDate }));
  for (let step = 0; ; step++) {
    if (step >= maxSteps)
      throw new Error(`needs more than ${maxSteps} steps to reach the window; the series is left out`);
    const next = iterator.next();
    if (!next) break;
    const instant = zones.toInstant({
      ...master.start,
      wall: {
        year: next.year,
        month: next.month,
        day: next.day,
        hour: next.hour,
        minute: next.minute,
        second: next.second,
      },
    });
    if (typeof instant !== 'number' || instant > untilInstant || instant > range.to) break;
    keep(instant);
    if (instants.size > maxOccurrences) break;
    if (step % 64 === 63) await yielder.maybeYield();
  }
  return [...instants].sort((a, b) => a - b);
}
