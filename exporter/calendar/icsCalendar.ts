import ICAL from 'ical.js';
import type { CalendarEvent, EventKind } from '../../core/calendar/event';
import { compactId, occurrenceId } from '../../core/calendar/eventId';
import type { InstantRange } from '../../core/calendar/eventWindow';
import { kindFromCategories, type KindMapping } from '../../core/calendar/kindMapping';
import type { SourcedEvent } from '../../core/calendar/merge';
import { NEVER_YIELD, type Yielder } from './cooperativeYield';
import { lineOfProperty, scanIcs, type IcsBlock } from './icsBlocks';
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
}

export type ParsedEvent = Omit<SourcedEvent, 'sourceRank'>;

export interface IcsParseResult {
  events: ParsedEvent[];
  errors: LocatedError[];
  /** REFRESH-INTERVAL (RFC 7986) or X-PUBLISHED-TTL, in ms, when the calendar states one. */
  refreshIntervalMs?: number;
}

/**
 * Parses an iCalendar file as Google Calendar, Outlook and Apple Calendar export it: RRULE with
 * EXDATE/RDATE, RECURRENCE-ID overrides, STATUS:CANCELLED, SEQUENCE, TZID with VTIMEZONE, all-day and
 * floating times, CATEGORIES and X-LAUNCHDAY-* properties. Each VEVENT is parsed on its own slice of
 * the event loop; any error is returned with its line and the whole file is to be refused by the caller.
 */
export async function parseIcs(text: string, options: IcsParseOptions): Promise<IcsParseResult> {
  const yielder = options.yielder ?? NEVER_YIELD;
  const scan = await scanIcs(text, options.source, yielder);
  const errors = [...scan.errors];
  const floating = scan.calendarProperties.get('X-WR-TIMEZONE')?.text.split(':').slice(1).join(':').trim();
  const zones = new IcsZones(floating || options.timeZone);
  const fail = (line: number | undefined, field: string | undefined, message: string): void => {
    errors.push({
      source: options.source,
      ...(line !== undefined ? { line } : {}),
      ...(field ? { field } : {}),
      message,
    });
  };

  // One component at a time, dropped once read: a 5,000-event file never holds 5,000 ical.js trees.
  const parseBlock = (block: IcsBlock): ICAL.Component | undefined => {
    try {
      return new ICAL.Component(ICAL.parse(block.text));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const quoted = /"(.*)"/.exec(message)?.[1];
      const at = quoted ? block.lines.find((l) => l.text.includes(quoted))?.line : undefined;
      fail(at ?? block.firstLine, undefined, message);
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
    if (!fields) continue;
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
  for (const master of masters.values()) {
    await yielder.maybeYield();
    const own = overrides.get(master.uid) ?? new Map<number, VeventFields>();
    if (!master.rrule && master.rdates.length === 0) {
      events.push(toParsed(compactId(master.uid), master, zones, options));
      continue;
    }
    let instants: number[];
    try {
      instants = await expandRecurrence(master, zones, options.range, maxSteps, yielder, fail);
    } catch (e) {
      fail(
        lineOfProperty(master.block, 'RRULE'),
        'RRULE',
        `cannot expand: ${e instanceof Error ? e.message : String(e)}`
      );
      continue;
    }
    for (const instant of instants) {
      if (own.has(instant) || master.exdates.has(instant)) continue;
      events.push(toParsed(occurrenceId(master.uid, instant), { ...master, startInstant: instant }, zones, options));
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
  return { events, errors, ...(refresh !== undefined ? { refreshIntervalMs: refresh } : {}) };
}

function toParsed(id: string, f: VeventFields, zones: IcsZones, options: IcsParseOptions): ParsedEvent {
  const event: CalendarEvent = {
    id,
    title: f.title ?? f.uid,
    kind: f.kind ?? kindFromCategories(f.categories, options.kinds, options.defaultKind),
    start: f.startInstant,
    end: f.startInstant + f.durationMs,
    timeZone: zones.displayZone(f.start),
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
