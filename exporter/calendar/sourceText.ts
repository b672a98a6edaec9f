import type { EventKind } from '../../core/calendar/event';
import type { InstantRange } from '../../core/calendar/eventWindow';
import type { KindMapping } from '../../core/calendar/kindMapping';
import type { Capacity } from '../../core/capacity/capacity';
import { parseCalendarFile } from './calendarFile';
import type { Yielder } from './cooperativeYield';
import { parseIcs, type ParsedEvent } from './icsCalendar';
import type { LocatedError } from './locatedError';

export type SourceFormat = 'ics' | 'yaml';

/** What any source yields once parsed: events, maybe a capacity, maybe the publisher's refresh interval. */
export interface ParsedSource {
  events: ParsedEvent[];
  capacity?: Capacity;
  errors: LocatedError[];
  refreshIntervalMs?: number;
}

export interface ParseContext {
  source: string;
  range: InstantRange;
  kinds: KindMapping;
  defaultKind: EventKind;
  timeZone: string;
  yielder?: Yielder;
}

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
