import ICAL from 'ical.js';
import type { CalendarEvent, EventKind } from '../../core/calendar/event';
import { compactId, occurrenceId } from '../../core/calendar/eventId';
import type { InstantRange } from '../../core/calendar/eventWindow';
import { kindFromCategories, type KindMapping } from '../../core/calendar/kindMapping';
import type { SourcedEvent } from '../../core/calendar/merge';
import { NEVER_YIELD, type Yielder } from './cooperativeYield';
import { lineOfProperty, propertyName, scanIcs, type IcsBlock } from './icsBlocks';
import { expandRecurrence } from './icsRecurrence';
import { guarded, inherit, readVevent, type Fail, type VeventFields } from './icsVevent';
import { IcsZones } from './icsTime';
import type { LocatedError } from './locatedError';

export interface IcsParseOptions {
  /** Source name or file path used in error locations (never a URL). */
  source: string;
  /** Occurrences are expanded only inside this range. */
  range: InstantRange;
  kinds: KindMapping;
  defaultKind: EventKind;
  /** Zone for floating and all-day times when the file has no X-WR-TIMEZONE. */
  timeZone: string;
  yielder?: Yielder;
  /** A recurrence that needs more steps than this to reach the range end is refused. */
  maxRecurrenceSteps?: number;
  /** A series with more occurrences than this inside the range is left out (calendar.limits). */
  maxOccurrences?: number;
}

export type ParsedEvent = Omit<SourcedEvent, 'sourceRank'>;

export interface IcsParseResult {
  events: ParsedEvent[];
  /** Problems that make the file unreadable (its structure): the caller keeps the last good version. */
  errors: LocatedError[];
  /** Problems that cost only the event (or the calendar property) they sit in; the rest loads. */
  skipped: LocatedError[];
  /** How many events `skipped` left out. */
  skippedEvents: number;
  /** REFRESH-INTERVAL (RFC 7986) or X-PUBLISHED-TTL, in ms, when the calendar states one. */
  refreshIntervalMs?: number;
}

/**
 * Parses an iCalendar file as Google Calendar, Outlook and Apple Calendar export it: RRULE with
 * EXDATE/RDATE, RECURRENCE-ID overrides, STATUS:CANCELLED, SEQUENCE, TZID with VTIMEZONE, all-day and
 * floating times, CATEGORIES and X-LAUNCHDAY-* properties. Each VEVENT is parsed on its own slice of
 * the event loop. A broken structure (no VCALENDAR, a block never closed) is an error of the file; a
 * bad event is left out and reported with its line, so one typo never costs the other 852 events.
 */
export async function parseIcs(text: string, options: IcsParseOptions): Promise<IcsParseResult> {
  const yielder = options.yielder ?? NEVER_YIELD;
  const scan = await scanIcs(text, options.source, yielder);
  const errors = [...scan.errors];
  const skipped: LocatedError[] = [];
  /** The VEVENTs left out (a problem can cost an event several reports; it is one event). */
  const leftOut = new Set<IcsBlock>();
  const floating = scan.calendarProperties.get('X-WR-TIMEZONE')?.text.split(':').slice(1).join(':').trim();
  const zones = new IcsZones(floating || options.timeZone);
  const fail = (line: number | undefined, field: string | undefined, message: string): void => {
    skipped.push({
      source: options.source,
      ...(line !== undefined ? { line } : {}),
      ...(field ? { field } : {}),
      message,
    });
  };

  // One component at a time, dropped once read: a 5,000-event file never holds 5,000 ical.js trees.
  const parseBlock = (block: IcsBlock): ICAL.Component | undefined => {
    if (block.problems.length) {
      skipped.push(...block.problems);
      leftOut.add(block);
      return undefined;
    }
    try {
      return new ICAL.Component(ICAL.parse(block.text));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const quoted = /"(.*)"/.exec(message)?.[1];
      const line = quoted ? block.lines.find((l) => l.text.includes(quoted)) : undefined;
      // ical.js quotes its own reading of the value; the line as written is what the person can find.
      fail(
        line?.line ?? block.firstLine,
        line ? propertyName(line.text) : block.name,
        line ? `cannot parse "${line.text.slice(0, 120)}": ${message.replace(/:.*$/s, '')}` : message
      );
      leftOut.add(block);
      return undefined;
    }
  };
  // Zones first, wherever they sit in the file, so every VEVENT can be read in one pass.
  for (const block of scan.blocks) {
    if (block.name !== 'VTIMEZONE') continue;
    const component = parseBlock(block);
    const problem = component && zones.addVtimezone(component);
    if (problem) fail(block.firstLine, 'TZID', problem);
  }

  const masters = new Map<string, VeventFields>();
  const overrides = new Map<string, Map<number, VeventFields>>();
  for (const block of scan.blocks) {
    if (block.name !== 'VEVENT') continue;
    const component = parseBlock(block);
    const fields = component && guarded(block, fail, () => readVevent(block, component, zones, fail));
    await yielder.maybeYield();
    if (!fields) {
      leftOut.add(block);
      continue;
    }
    if (fields.recurrenceId !== undefined) {
      const byInstant = overrides.get(fields.uid) ?? new Map<number, VeventFields>();
      const held = byInstant.get(fields.recurrenceId);
      if (!held || fields.sequence >= held.sequence) byInstant.set(fields.recurrenceId, fields);
      overrides.set(fields.uid, byInstant);
    } else {
      const held = masters.get(fields.uid);
      if (!held || fields.sequence >= held.sequence) masters.set(fields.uid, fields);
    }
  }

  const events: ParsedEvent[] = [];
  const maxSteps = options.maxRecurrenceSteps ?? 100_000;
  const maxOccurrences = options.maxOccurrences ?? Number.POSITIVE_INFINITY;
  for (const master of masters.values()) {
    await yielder.maybeYield();
    const own = overrides.get(master.uid) ?? new Map<number, VeventFields>();
    if (!master.rrule && master.rdates.length === 0) {
      events.push(toParsed(compactId(master.uid), master, zones, options));
      continue;
    }
    let instants: number[];
    try {
      instants = await expandRecurrence(master, zones, options.range, maxSteps, yielder, maxOccurrences);
      if (instants.length > maxOccurrences) {
        fail(
          lineOfProperty(master.block, 'RRULE'),
          'RRULE',
          `more than ${maxOccurrences} occurrences in the window (calendar.limits.maxOccurrencesPerSeries); the series "${master.title ?? master.uid}" is left out`
        );
        leftOut.add(master.block);
        continue;
      }
    } catch (e) {
      fail(
        lineOfProperty(master.block, 'RRULE'),
        'RRULE',
        `cannot expand: ${e instanceof Error ? e.message : String(e)}`
      );
      leftOut.add(master.block);
      continue;
    }
    for (const instant of instants) {
      if (own.has(instant) || master.exdates.has(instant)) continue;
      events.push(
        toParsed(
          occurrenceId(master.uid, instant),
          { ...master, startInstant: instant, masterStartInstant: master.startInstant },
          zones,
          options
        )
      );
    }
    for (const [instant, override] of own) {
      events.push(toParsed(occurrenceId(master.uid, instant), inherit(override, master), zones, options));
    }
    overrides.delete(master.uid);
  }
  // Overrides whose series is not in this file (some publishers ship only the changed instance).
  for (const [uid, byInstant] of overrides) {
    for (const [instant, override] of byInstant)
      events.push(toParsed(occurrenceId(uid, instant), override, zones, options));
  }

  const refresh = readRefreshInterval(scan.calendarProperties, fail);
  return {
    events,
    errors,
    skipped,
    skippedEvents: leftOut.size,
    ...(refresh !== undefined ? { refreshIntervalMs: refresh } : {}),
  };
}

function toParsed(id: string, f: VeventFields, zones: IcsZones, options: IcsParseOptions): ParsedEvent {
  const event: CalendarEvent = {
    id,
    title: f.title ?? f.uid,
    kind: f.kind ?? kindFromCategories(f.categories, options.kinds, options.defaultKind),
    start: f.startInstant,
    end: f.startInstant + f.durationMs,
    timeZone: zones.displayZone(f.start, f.masterStartInstant ?? f.startInstant),
    ...(f.expectedPeak !== undefined ? { expectedPeak: f.expectedPeak } : {}),
    ...(f.region ? { region: f.region } : {}),
    ...(f.notes ? { notes: f.notes } : {}),
  };
  return { event, sequence: f.sequence, cancelled: f.cancelled };
}

function readRefreshInterval(props: Map<string, { text: string; line: number }>, fail: Fail): number | undefined {
  for (const name of ['REFRESH-INTERVAL', 'X-PUBLISHED-TTL']) {
    const entry = props.get(name);
    if (!entry) continue;
    const raw = entry.text.slice(entry.text.indexOf(':') + 1).trim();
    try {
      const seconds = ICAL.Duration.fromString(raw).toSeconds();
      if (seconds > 0) return seconds * 1000;
      fail(entry.line, name, `not a positive duration: "${raw}"`);
    } catch {
      fail(entry.line, name, `not a duration: "${raw}"`);
    }
  }
  return undefined;
}
