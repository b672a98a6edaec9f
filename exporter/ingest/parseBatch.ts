import type { z } from 'zod';
import { telemetryEventSchema, type TelemetryEvent } from './eventSchema';
import { fastEvent, INVALID, UNSURE } from './fastEvent';

export interface LineError {
  /** 1-based: the NDJSON line, or the position in the JSON array. */
  line: number;
  error: string;
}

export interface ParsedBatch {
  events: TelemetryEvent[];
  /** The line of each event, index for index. */
  lines: number[];
  /** The first `MAX_LISTED_ERRORS` errors; `errorCount` has them all. */
  errors: LineError[];
  errorCount: number;
}

export type BatchFormat = 'json' | 'ndjson';

/** At most this many per-line errors are listed in a response; the count stays exact. */
export const MAX_LISTED_ERRORS = 100;

/** Turns a request body into valid events and a list of what was wrong with the rest. Never throws. */
export function parseBatch(body: string, format: BatchFormat): ParsedBatch {
  return format === 'ndjson' ? parseNdjson(body) : parseJsonArray(body);
}

function parseJsonArray(body: string): ParsedBatch {
  let items: unknown;
  try {
    items = JSON.parse(body);
  } catch (err) {
    return {
      events: [],
      lines: [],
      errors: [{ line: 1, error: `invalid JSON: ${(err as Error).message}` }],
      errorCount: 1,
    };
  }
  const list = Array.isArray(items) ? items : [items];
  return validateItems(list, 0, list.length);
}

/** Validates `items[from..to)` of a parsed JSON array, each reported by its 1-based position. */
export function validateItems(items: readonly unknown[], from: number, to: number): ParsedBatch {
  const batch: ParsedBatch = { events: [], lines: [], errors: [], errorCount: 0 };
  for (let i = from; i < to; i++) validate(items[i], i + 1, batch);
  return batch;
}

/**
 * One JSON.parse per line: as fast as one parse of the lines joined into an array, and a value spread
 * over two lines or two values on one line can never pass for NDJSON (each is an error on its line).
 */
function parseNdjson(body: string): ParsedBatch {
  const batch: ParsedBatch = { events: [], lines: [], errors: [], errorCount: 0 };
  let line = 0;
  for (let start = 0; start <= body.length;) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    line++;
    const event = parseNdjsonLine(body.slice(start, end), line, batch);
    if (event) {
      batch.events.push(event);
      batch.lines.push(line);
    }
    start = end + 1;
  }
  return batch;
}

/**
 * One NDJSON line: its event, or undefined when the line is blank or wrong (the error then counted
 * in `batch`, and listed if among the first). The event is returned, not added to `batch.events`.
 */
export function parseNdjsonLine(text: string, line: number, batch: ParsedBatch): TelemetryEvent | undefined {
  if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return undefined;
  let item: unknown;
  try {
    item = JSON.parse(text);
  } catch (err) {
    fail(batch, line, () => `invalid JSON: ${(err as Error).message}`);
    return undefined;
  }
  return check(item, line, batch);
}

function validate(item: unknown, line: number, batch: ParsedBatch): void {
  const event = check(item, line, batch);
  if (event) {
    batch.events.push(event);
    batch.lines.push(line);
  }
}

/** The event an item is, or undefined (its error then counted in `batch`). */
function check(item: unknown, line: number, batch: ParsedBatch): TelemetryEvent | undefined {
  const fast = fastEvent(item);
  if (fast === INVALID) {
    fail(batch, line, () => explain(item));
    return undefined;
  }
  if (fast !== UNSURE) return fast;
  const event = telemetryEventSchema.safeParse(item);
  if (event.success) return event.data;
  fail(batch, line, () => describe(event.error));
  return undefined;
}

/** Zod's account of an invalid item, asked only for the errors that are listed. */
function explain(item: unknown): string {
  const result = telemetryEventSchema.safeParse(item);
  return result.success ? 'invalid event' : describe(result.error);
}

/** Counts every error; words only the first `MAX_LISTED_ERRORS` (a flood of bad items stays cheap). */
function fail(batch: ParsedBatch, line: number, error: () => string): void {
  batch.errorCount++;
  if (batch.errors.length < MAX_LISTED_ERRORS) batch.errors.push({ line, error: error() });
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
