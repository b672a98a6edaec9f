import type { Capacity } from '../../core/capacity/capacity';
import { parseCalendarFile } from './calendarFile';
import { parseIcs, type IcsParseOptions, type ParsedEvent } from './icsCalendar';
import type { LocatedError } from './locatedError';

export type SourceFormat = 'ics' | 'yaml';

/** What any source yields once parsed: events, maybe a capacity, maybe the publisher's refresh interval. */
export interface ParsedSource {
  events: ParsedEvent[];
  capacity?: Capacity;
  /** The file cannot be read: the source keeps its last good version. */
  errors: LocatedError[];
  /** Events (or properties) left out for problems of their own; the rest loaded. */
  skipped: LocatedError[];
  /** How many events `skipped` left out. */
  skippedEvents: number;
  refreshIntervalMs?: number;
}

/** What a source's parser is given: the ICS parser's options (YAML reads fewer), recurrence bound at its default. */
export type ParseContext = Omit<IcsParseOptions, 'maxRecurrenceSteps'>;

/** By name first (`.ics`, `.yaml`, `.json`), then by content type, then by the first bytes. */
export function detectFormat(text: string, hint?: { path?: string; contentType?: string }): SourceFormat {
  const path = hint?.path?.toLowerCase() ?? '';
  if (/\.(ics|ical|ifb|icalendar)$/.test(path)) return 'ics';
  if (/\.(ya?ml|json)$/.test(path)) return 'yaml';
  const type = hint?.contentType?.toLowerCase() ?? '';
  if (type.includes('text/calendar')) return 'ics';
  if (type.includes('yaml') || type.includes('json')) return 'yaml';
  return /^\s*BEGIN:VCALENDAR/i.test(text.replace(/^\uFEFF/, '')) ? 'ics' : 'yaml';
}

export async function parseSourceText(text: string, format: SourceFormat, ctx: ParseContext): Promise<ParsedSource> {
  if (format === 'ics') return parseIcs(text, ctx);
  return parseCalendarFile(text, ctx);
}
