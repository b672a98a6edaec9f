import ICAL from 'ical.js';
import type { CalendarEvent, EventKind } from '../../core/calendar/event';
import type { InstantRange } from '../../core/calendar/event-window';
import { isEventKind, kindFromCategories, type KindMapping } from '../../core/calendar/kind-mapping';
import type { SourcedEvent } from '../../core/calendar/merge';
import { NEVER_YIELD, type Yielder } from './cooperative-yield';
import { lineOfProperty, scanIcs, type IcsBlock } from './ics-blocks';
import { compactId, occurrenceId } from '../../core/calendar/event-id';
import { IcsZones, readIcsTime, type IcsTimeValue } from './ics-time';
import type { LocatedError } from './located-error';

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

const NOTES_MAX = 2000;

/** One VEVENT read into plain fields, before recurrence expansion. */
interface VeventFields {
  block: IcsBlock;
  uid: string;
  start: IcsTimeValue;
  startInstant: number;
  durationMs: number;
  recurrenceId?: number;
  rrule?: ICAL.Recur;
  exdates: Set<number>;
  rdates: IcsTimeValue[];
  sequence: number;
  cancelled: boolean;
  title?: string;
  kind?: EventKind;
  categories: string[];
  expectedPeak?: number;
  region?: string;
  notes?: string;
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
    errors.push({ source: options.source, ...(line !== undefined ? { line } : {}), ...(field ? { field } : {}), message });
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
    const fields = component && guarded(block, fail, () => readVevent(block, component, zones, options, fail));
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
      fail(lineOfProperty(master.block, 'RRULE'), 'RRULE', `cannot expand: ${e instanceof Error ? e.message : String(e)}`);
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
    for (const [instant, override] of byInstant) events.push(toParsed(occurrenceId(uid, instant), override, zones, options));
  }

  const refresh = readRefreshInterval(scan.calendarProperties, fail);
  return { events, errors, ...(refresh !== undefined ? { refreshIntervalMs: refresh } : {}) };
}

type Fail = (line: number | undefined, field: string | undefined, message: string) => void;

/** ical.js decodes some values lazily and throws from deep inside: such a throw becomes the block's error. */
function guarded<T>(block: IcsBlock, fail: Fail, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    fail(block.firstLine, block.name, e instanceof Error ? e.message : String(e));
    return undefined;
  }
}

function text(component: ICAL.Component, name: string): string | undefined {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function timeOf(prop: ICAL.Property, index = 0): IcsTimeValue | string {
  const tzid = prop.getParameter('tzid');
  return readIcsTime(prop.jCal[3 + index], typeof tzid === 'string' ? tzid : undefined);
}

function readVevent(block: IcsBlock, c: ICAL.Component, zones: IcsZones, options: IcsParseOptions, fail: Fail): VeventFields | undefined {
  const errorsBefore = { count: 0 };
  const report: Fail = (line, field, message) => {
    errorsBefore.count++;
    fail(line, field, message);
  };
  const at = (name: string): number => lineOfProperty(block, name);

  const uid = text(c, 'uid');
  if (!uid) report(block.firstLine, 'UID', 'VEVENT without UID');

  const startProp = c.getFirstProperty('dtstart');
  let start: IcsTimeValue | undefined;
  let startInstant = Number.NaN;
  if (!startProp) report(block.firstLine, 'DTSTART', 'VEVENT without DTSTART');
  else {
    const value = timeOf(startProp);
    if (typeof value === 'string') report(at('DTSTART'), 'DTSTART', value);
    else {
      const instant = zones.toInstant(value);
      if (typeof instant === 'string') report(at('DTSTART'), 'DTSTART', instant);
      else [start, startInstant] = [value, instant];
    }
  }

  let durationMs = 0;
  const endProp = c.getFirstProperty('dtend');
  const durationProp = c.getFirstProperty('duration');
  if (endProp && start) {
    const value = timeOf(endProp);
    const instant = typeof value === 'string' ? value : zones.toInstant(value);
    if (typeof instant === 'string') report(at('DTEND'), 'DTEND', instant);
    else if (instant < startInstant) report(at('DTEND'), 'DTEND', 'ends before it starts');
    else durationMs = instant - startInstant;
  } else if (durationProp) {
    try {
      durationMs = (durationProp.getFirstValue() as ICAL.Duration).toSeconds() * 1000;
      if (!(durationMs >= 0)) report(at('DURATION'), 'DURATION', 'negative or invalid duration');
    } catch (e) {
      report(at('DURATION'), 'DURATION', e instanceof Error ? e.message : String(e));
    }
  } else if (start?.isDate) {
    durationMs = 86_400_000; // RFC 5545: an all-day event without an end lasts that day.
  }

  let recurrenceId: number | undefined;
  const ridProp = c.getFirstProperty('recurrence-id');
  if (ridProp) {
    const value = timeOf(ridProp);
    const instant = typeof value === 'string' ? value : zones.toInstant(value);
    if (typeof instant === 'string') report(at('RECURRENCE-ID'), 'RECURRENCE-ID', instant);
    else recurrenceId = instant;
  }

  let rrule: ICAL.Recur | undefined;
  const rruleProp = c.getFirstProperty('rrule');
  if (rruleProp) {
    try {
      rrule = rruleProp.getFirstValue() as ICAL.Recur;
      if (!rrule.freq) report(at('RRULE'), 'RRULE', 'RRULE without FREQ');
    } catch (e) {
      report(at('RRULE'), 'RRULE', e instanceof Error ? e.message : String(e));
    }
  }

  const exdates = new Set<number>();
  const rdates: IcsTimeValue[] = [];
  for (const [name, sink] of [['exdate', 'ex'], ['rdate', 'r']] as const) {
    for (const prop of c.getAllProperties(name)) {
      for (let i = 0; i < prop.jCal.length - 3; i++) {
        const value = timeOf(prop, i);
        const instant = typeof value === 'string' ? value : zones.toInstant(value);
        if (typeof value === 'string' || typeof instant === 'string') {
          report(at(name), name.toUpperCase(), typeof value === 'string' ? value : String(instant));
        } else if (sink === 'ex') exdates.add(instant);
        else rdates.push(value);
      }
    }
  }

  const sequenceText = c.getFirstPropertyValue('sequence');
  const sequence = sequenceText === null || sequenceText === undefined ? 0 : Number(sequenceText);
  if (!Number.isInteger(sequence) || sequence < 0) report(at('SEQUENCE'), 'SEQUENCE', `not a non-negative integer: "${String(sequenceText)}"`);

  const peakText = text(c, 'x-launchday-expected-peak');
  const expectedPeak = peakText === undefined ? undefined : Number(peakText.replace(/_/g, ''));
  if (expectedPeak !== undefined && !(Number.isFinite(expectedPeak) && expectedPeak >= 0)) {
    report(at('X-LAUNCHDAY-EXPECTED-PEAK'), 'X-LAUNCHDAY-EXPECTED-PEAK', `not a viewer count: "${peakText}"`);
  }

  const explicitKind = text(c, 'x-launchday-kind')?.toLowerCase();
  if (explicitKind !== undefined && !isEventKind(explicitKind)) {
    report(at('X-LAUNCHDAY-KIND'), 'X-LAUNCHDAY-KIND', `"${explicitKind}" is not one of premiere, episode, live, rebroadcast`);
  }

  const title = text(c, 'x-launchday-title') ?? text(c, 'summary');
  if (!title && !ridProp) report(block.firstLine, 'SUMMARY', 'VEVENT without SUMMARY (or X-LAUNCHDAY-TITLE)');

  if (errorsBefore.count > 0 || !uid || !start) return undefined;
  const categories = c.getAllProperties('categories').flatMap((p) => p.getValues().map(String));
  const region = text(c, 'x-launchday-region');
  const notes = text(c, 'description')?.slice(0, NOTES_MAX);
  return {
    block,
    uid,
    start,
    startInstant,
    durationMs,
    ...(recurrenceId !== undefined ? { recurrenceId } : {}),
    ...(rrule ? { rrule } : {}),
    exdates,
    rdates,
    sequence,
    cancelled: text(c, 'status')?.toUpperCase() === 'CANCELLED',
    ...(title ? { title } : {}),
    ...(explicitKind && isEventKind(explicitKind) ? { kind: explicitKind } : {}),
    categories,
    ...(expectedPeak !== undefined ? { expectedPeak } : {}),
    ...(region ? { region } : {}),
    ...(notes ? { notes } : {}),
  };
}

/** An override states what changed; what it leaves out comes from its series. */
function inherit(override: VeventFields, master: VeventFields): VeventFields {
  return {
    ...override,
    title: override.title ?? master.title,
    kind: override.kind ?? master.kind,
    categories: override.categories.length ? override.categories : master.categories,
    expectedPeak: override.expectedPeak ?? master.expectedPeak,
    region: override.region ?? master.region,
    notes: override.notes ?? master.notes,
    sequence: Math.max(override.sequence, master.sequence),
    cancelled: override.cancelled || master.cancelled,
  };
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

/**
 * Occurrence starts of a series inside the range. Iterates in wall time (so a weekly 20:40 stays
 * 20:40 across DST) and converts each occurrence with the series' zone. UNTIL is checked on instants.
 */
async function expandRecurrence(
  master: VeventFields,
  zones: IcsZones,
  range: InstantRange,
  maxSteps: number,
  yielder: Yielder,
  fail: Fail,
): Promise<number[]> {
  const instants = new Set<number>();
  const keep = (instant: number): void => {
    if (instant + master.durationMs >= range.from && instant <= range.to) instants.add(instant);
  };
  keep(master.startInstant);
  for (const rdate of master.rdates) {
    const instant = zones.toInstant(rdate);
    if (typeof instant === 'number') keep(instant);
  }
  const rule = master.rrule?.clone();
  if (!rule) return [...instants].sort((a, b) => a - b);

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
  const w = master.start.wall;
  const iterator = rule.iterator(ICAL.Time.fromData({ ...w, isDate: master.start.isDate }));
  for (let step = 0; ; step++) {
    if (step >= maxSteps) {
      fail(lineOfProperty(master.block, 'RRULE'), 'RRULE', `needs more than ${maxSteps} steps to reach the window; refusing to expand`);
      break;
    }
    const next = iterator.next();
    if (!next) break;
    const instant = zones.toInstant({ ...master.start, wall: { year: next.year, month: next.month, day: next.day, hour: next.hour, minute: next.minute, second: next.second } });
    if (typeof instant !== 'number' || instant > untilInstant || instant > range.to) break;
    keep(instant);
    if (step % 64 === 63) await yielder.maybeYield();
  }
  return [...instants].sort((a, b) => a - b);
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
