import ICAL from 'ical.js';
import type { EventKind } from '../../core/calendar/event';
import { isEventKind } from '../../core/calendar/kindMapping';
import { lineOfProperty, writtenValue, type IcsBlock } from './icsBlocks';
import { readIcsTime, type IcsTimeValue, type IcsZones } from './icsTime';

export type Fail = (line: number | undefined, field: string | undefined, message: string) => void;

const NOTES_MAX = 2000;

/** One VEVENT read into plain fields, before recurrence expansion. */
export interface VeventFields {
  block: IcsBlock;
  uid: string;
  start: IcsTimeValue;
  startInstant: number;
  /** For an occurrence: its series' DTSTART instant (`start` is that DTSTART as written). */
  masterStartInstant?: number;
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

/** ical.js decodes some values lazily and throws from deep inside: such a throw becomes the block's error. */
export function guarded<T>(block: IcsBlock, fail: Fail, read: () => T): T | undefined {
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

/** Whether the property is there with an empty value (`SUMMARY:`), which `text()` reads as absent. */
function presentButEmpty(component: ICAL.Component, name: string): boolean {
  const prop = component.getFirstProperty(name);
  if (!prop) return false;
  const value = prop.getFirstValue();
  return typeof value !== 'string' || value.trim() === '';
}

export function readVevent(block: IcsBlock, c: ICAL.Component, zones: IcsZones, fail: Fail): VeventFields | undefined {
  const errorsBefore = { count: 0 };
  const report: Fail = (line, field, message) => {
    errorsBefore.count++;
    fail(line, field, message);
  };
  const at = (name: string): number => lineOfProperty(block, name);
  /** A date-time property, read from ical.js's value and quoted as written; a bad TZID is its own error. */
  const timeOf = (prop: ICAL.Property, index = 0): IcsTimeValue | string => {
    const name = prop.name.toUpperCase();
    const tzidParam = prop.getParameter('tzid');
    const tzid = typeof tzidParam === 'string' ? tzidParam : undefined;
    const written = writtenValue(block, name)?.split(',')[index]?.trim();
    const value = readIcsTime(prop.jCal[3 + index], tzid, written);
    const tzProblem = tzid === undefined ? undefined : zones.tzidProblem(tzid);
    if (typeof value === 'string' && tzProblem) report(at(name), name, tzProblem);
    return value;
  };

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
  for (const [name, sink] of [
    ['exdate', 'ex'],
    ['rdate', 'r'],
  ] as const) {
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
  if (!Number.isInteger(sequence) || sequence < 0)
    report(at('SEQUENCE'), 'SEQUENCE', `not a non-negative integer: "${String(sequenceText)}"`);

  const peakText = text(c, 'x-launchday-expected-peak');
  const expectedPeak = peakText === undefined ? undefined : Number(peakText.replace(/_/g, ''));
  if (expectedPeak !== undefined && !(Number.isFinite(expectedPeak) && expectedPeak >= 0)) {
    report(at('X-LAUNCHDAY-EXPECTED-PEAK'), 'X-LAUNCHDAY-EXPECTED-PEAK', `not a viewer count: "${peakText}"`);
  }

  const explicitKind = text(c, 'x-launchday-kind')?.toLowerCase();
  if (explicitKind !== undefined && !isEventKind(explicitKind)) {
    report(
      at('X-LAUNCHDAY-KIND'),
      'X-LAUNCHDAY-KIND',
      `"${explicitKind}" is not one of premiere, episode, live, rebroadcast`
    );
  }

  const title = text(c, 'x-launchday-title') ?? text(c, 'summary');
  if (!title && !ridProp) {
    if (presentButEmpty(c, 'summary'))
      report(at('SUMMARY'), 'SUMMARY', 'SUMMARY is empty: this event needs a title (SUMMARY or X-LAUNCHDAY-TITLE)');
    else report(block.firstLine, 'SUMMARY', 'VEVENT without SUMMARY (or X-LAUNCHDAY-TITLE)');
  }

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
export function inherit(override: VeventFields, master: VeventFields): VeventFields {
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
