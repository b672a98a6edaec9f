import { z } from 'zod';
import type { CalendarEvent } from '../../core/calendar/event';
import { parseDuration } from '../../core/calendar/duration';
import { isKnownTimeZone, wallTimeAt, wallTimeToInstant } from '../../core/calendar/wallTime';
import type { Capacity, CapacityResource } from '../../core/capacity/capacity';
import { parseResourceId, unitOf } from '../../core/capacity/capacity';
import { NEVER_YIELD, type Yielder } from './cooperativeYield';
import { calendarFileSchema, fileEventSchema, type CalendarFile, type FileEvent } from './fileSchema';
import type { ParsedEvent } from './icsCalendar';
import type { LocatedError } from './locatedError';
import { wallTimeOfMatch } from './wallTimeMatch';
import { linesOfPaths, readYaml } from './yamlReader';

export interface CalendarFileResult {
  events: ParsedEvent[];
  /** Present when the file has a `capacity` section. */
  capacity?: Capacity;
  /** Problems of the file itself (syntax, top-level keys, capacity): the caller keeps the last good version. */
  errors: LocatedError[];
  /** Events left out for a problem of their own, each with its line; the rest of the file loads. */
  skipped: LocatedError[];
  /** How many events `skipped` left out. */
  skippedEvents: number;
}

type Path = readonly (string | number)[];

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

interface ReadInstant {
  instant: number;
  isDate: boolean;
}

/** `2017-07-17T03:00` in `zone`, `2020-04-03T09:00+02:00` as written, `2016-09-30` at local midnight. */
export function readInstant(text: string, zone: string): ReadInstant | string {
  const m = INSTANT.exec(text);
  if (!m) return `not a date or date-time: "${text}"`;
  const wall = wallTimeOfMatch(m);
  if (!wall) return `no such date or time: "${text}"`;
  const isDate = m[4] === undefined;
  // Fractions of a second are kept: a replay at high speed turns a dropped second into minutes.
  const millis = m[7] ? Math.round(Number(`0${m[7]}`) * 1000) : 0;
  const offset = m[8];
  if (offset && !isDate) {
    const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) + millis;
    if (offset === 'Z') return { instant: utc, isDate };
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    return { instant: utc - sign * minutes * 60_000, isDate };
  }
  return { instant: wallTimeToInstant(wall, zone) + millis, isDate };
}

/** The file without its events, which are validated one by one between event-loop turns. */
const fileShellSchema = calendarFileSchema.extend({ events: z.array(z.unknown()).optional() });

/**
 * Reads a calendar/capacity file (YAML, or JSON, which YAML reads too) into the model. Every problem
 * comes back with its line and field: a bad event is left out (skipped), a bad file is an error. Large files
 * are parsed in a worker thread and validated event by event, so a reload never holds the loop long.
 */
export async function parseCalendarFile(
  text: string,
  options: { source: string; timeZone: string; yielder?: Yielder }
): Promise<CalendarFileResult> {
  const yielder = options.yielder ?? NEVER_YIELD;
  const problems: { path: Path; message: string }[] = [];
  const eventProblems: { path: Path; message: string }[] = [];
  const fail = (path: Path, message: string): void => void problems.push({ path, message });
  const failEvent = (path: Path, message: string): void => void eventProblems.push({ path, message });
  const located = async (list = problems): Promise<LocatedError[]> => {
    if (list.length === 0) return [];
    const lines = await linesOfPaths(
      text,
      list.map((p) => p.path)
    );
    return list
      .map((p, i) => {
        const line = lines[i];
        return {
          source: options.source,
          ...(line !== undefined ? { line } : {}),
          ...(p.path.length ? { field: formatPath(p.path) } : {}),
          message: p.message,
        };
      })
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  };
  const zodIssues = (issues: readonly z.core.$ZodIssue[], prefix: Path, sink = fail): void => {
    for (const issue of issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
        sink(key === undefined ? path : [...path, key], issue.message);
      }
    }
  };

  const read = await readYaml(text);
  if ('errors' in read)
    return {
      events: [],
      skipped: [],
      skippedEvents: 0,
      errors: read.errors.map((e) => ({ source: options.source, ...e })),
    };

  const shell = fileShellSchema.safeParse(read.value);
  if (!shell.success) zodIssues(shell.error.issues, []);
  const rawEvents = shell.success ? (shell.data.events ?? []) : [];
  const entries: (FileEvent & { index: number })[] = [];
  for (const [i, raw] of rawEvents.entries()) {
    const parsed = fileEventSchema.safeParse(raw);
    if (parsed.success) entries.push({ ...parsed.data, index: i });
    else zodIssues(parsed.error.issues, ['events', i], failEvent);
    await yielder.maybeYield();
  }
  if (problems.length) return { events: [], skipped: [], skippedEvents: 0, errors: await located() };

  const file = shell.data as CalendarFile;
  const fileZone = file.timeZone ?? options.timeZone;
  if (!isKnownTimeZone(fileZone)) fail(['timeZone'], `unknown IANA time zone "${fileZone}"`);

  const events: ParsedEvent[] = [];
  const seen = new Map<string, number>();
  for (const { index: i, ...entry } of entries) {
    await yielder.maybeYield();
    const first = seen.get(entry.id);
    let bad = first !== undefined;
    // Still read on, so every bad field of the duplicate is reported in one go.
    if (first !== undefined)
      failEvent(['events', i, 'id'], `duplicate id "${entry.id}" (first at events[${first}]); this one is left out`);
    else seen.set(entry.id, i);
    const event = readEvent(entry, entry.timeZone ?? fileZone, (field, message) => {
      bad = true;
      failEvent(['events', i, field], message);
    });
    if (event && !bad) events.push({ event, sequence: entry.sequence ?? 0, cancelled: entry.cancelled ?? false });
  }

  const capacity = file.capacity ? readCapacity(file.capacity, fail) : undefined;
  if (problems.length) return { events: [], skipped: [], skippedEvents: 0, errors: await located() };
  const skippedEvents = new Set(eventProblems.map((p) => p.path[1])).size;
  return {
    events,
    errors: [],
    skipped: await located(eventProblems),
    skippedEvents,
    ...(capacity ? { capacity } : {}),
  };
}

function readEvent(
  entry: FileEvent,
  zone: string,
  fail: (field: string, message: string) => void
): CalendarEvent | undefined {
  if (!isKnownTimeZone(zone)) {
    fail('timeZone', `unknown IANA time zone "${zone}"`);
    return undefined;
  }
  const start = readInstant(entry.start, zone);
  if (typeof start === 'string') {
    fail('start', start);
    return undefined;
  }
  let end = start.isDate ? nextLocalMidnight(start.instant, zone) : start.instant;
  if (entry.end !== undefined && entry.duration !== undefined) fail('duration', 'give end or duration, not both');
  if (entry.end !== undefined) {
    const read = readInstant(entry.end, zone);
    if (typeof read === 'string') return void fail('end', read);
    end = read.instant;
  } else if (entry.duration !== undefined) {
    const ms = parseDuration(entry.duration);
    if (ms === undefined) return void fail('duration', `not a duration: "${entry.duration}"`);
    end = start.instant + ms;
  }
  if (end < start.instant) return void fail('end', 'ends before it starts');
  return {
    id: entry.id,
    title: entry.title,
    kind: entry.kind,
    start: start.instant,
    end,
    timeZone: zone,
    ...(entry.expectedPeak !== undefined ? { expectedPeak: entry.expectedPeak } : {}),
    ...(entry.region ? { region: entry.region } : {}),
    ...(entry.notes ? { notes: entry.notes } : {}),
  };
}

function readCapacity(
  entries: NonNullable<CalendarFile['capacity']>,
  fail: (path: Path, message: string) => void
): Capacity {
  const resources: CapacityResource[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const ref = parseResourceId(entry.resource);
    if (!ref) return fail(['capacity', i, 'resource'], `unknown resource "${entry.resource}"`);
    if (seen.has(entry.resource))
      return fail(['capacity', i, 'resource'], `resource "${entry.resource}" is declared twice`);
    seen.add(entry.resource);
    const steps = (entry.steps ?? []).flatMap((step, j) => {
      const from = readInstant(step.from, 'UTC');
      if (typeof from === 'string') {
        fail(['capacity', i, 'steps', j, 'from'], from);
        return [];
      }
      return [{ from: from.instant, limit: step.limit }];
    });
    resources.push({
      id: entry.resource,
      unit: unitOf(ref),
      limit: entry.limit,
      steps: steps.sort((a, b) => a.from - b.from),
      ...(entry.notes ? { notes: entry.notes } : {}),
    });
  });
  return { resources };
}

/** `events[3].start`, as people read YAML paths. */
export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The local midnight after `instant` in `zone`: an all-day event lasts 23 or 25 hours across a DST change. */
export function nextLocalMidnight(instant: number, zone: string): number {
  const day = wallTimeAt(instant, zone);
  const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  const wall = {
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
  };
  return wallTimeToInstant(wall, zone);
}
