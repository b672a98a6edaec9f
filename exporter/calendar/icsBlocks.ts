import { NEVER_YIELD, type Yielder } from './cooperativeYield';
import type { LocatedError } from './locatedError';

/** One content line after unfolding, with the physical line it starts on (for error locations). */
export interface IcsLine {
  text: string;
  line: number;
}

/** A top-level component of the VCALENDAR, kept as text so ical.js can parse it on its own slice. */
export interface IcsBlock {
  name: string;
  firstLine: number;
  text: string;
  lines: IcsLine[];
  /** Lines inside the block that are not content lines: they cost this block, not the file. */
  problems: LocatedError[];
}

export interface IcsScan {
  blocks: IcsBlock[];
  /** VCALENDAR's own properties (REFRESH-INTERVAL, X-PUBLISHED-TTL, X-WR-TIMEZONE, ...), upper-cased names. */
  calendarProperties: Map<string, IcsLine>;
  errors: LocatedError[];
}

/** The property name of a content line: `DTSTART` in `DTSTART;TZID=Europe/Paris:2017...`. */
export function propertyName(text: string): string {
  const end = text.search(/[;:]/);
  return (end < 0 ? text : text.slice(0, end)).trim().toUpperCase();
}

/** Unfolded content lines, produced lazily so a large file is read in slices between yields. */
function* unfold(text: string): Generator<IcsLine> {
  const breaks = /\r\n|\n|\r/g;
  let pending: IcsLine | undefined;
  let lineNo = 0;
  let from = 0;
  while (from <= text.length) {
    const match = breaks.exec(text);
    const to = match ? match.index : text.length;
    const raw = text.slice(from, to);
    lineNo++;
    from = match ? to + match[0].length : text.length + 1;
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && pending) {
      pending.text += raw.slice(1);
      continue;
    }
    if (pending) yield pending;
    pending = raw.trim() !== '' ? { text: raw, line: lineNo } : undefined;
  }
  if (pending) yield pending;
}

/**
 * Splits an iCalendar file into its top-level components and checks the BEGIN/END structure, so each
 * VEVENT is parsed (and located) on its own and a broken file is reported at the line that breaks it.
 */
export async function scanIcs(text: string, source: string, yielder: Yielder = NEVER_YIELD): Promise<IcsScan> {
  const errors: LocatedError[] = [];
  const blocks: IcsBlock[] = [];
  const calendarProperties = new Map<string, IcsLine>();
  const stack: IcsLine[] = [];
  let current: IcsBlock | undefined;
  let sawCalendar = false;

  let seen = 0;
  for (const entry of unfold(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)) {
    // A yield check every 2048 lines, and after any line long enough to cost a slice of its own.
    if (++seen % 2048 === 0 || entry.text.length > 65_536) await yielder.maybeYield();
    const name = propertyName(entry.text);
    // Only BEGIN and END use the value: upper-casing every value cost ~5 ms on a 1 MiB line of garbage.
    const value =
      name === 'BEGIN' || name === 'END'
        ? entry.text
            .slice(entry.text.indexOf(':') + 1)
            .trim()
            .toUpperCase()
        : '';
    if (!entry.text.includes(':')) {
      const problem = {
        source,
        line: entry.line,
        message: `not an iCalendar content line (no ":"): "${entry.text.slice(0, 60)}"`,
      };
      (current ? current.problems : errors).push(problem);
      continue;
    }
    if (name === 'BEGIN') {
      if (stack.length === 0 && value !== 'VCALENDAR') {
        errors.push({ source, line: entry.line, message: `expected BEGIN:VCALENDAR, found BEGIN:${value}` });
      }
      if (stack.length === 0 && value === 'VCALENDAR') sawCalendar = true;
      if (stack.length === 1) current = { name: value, firstLine: entry.line, text: '', lines: [], problems: [] };
      stack.push({ text: value, line: entry.line });
    } else if (name === 'END') {
      const open = stack.pop();
      if (!open) {
        errors.push({ source, line: entry.line, message: `END:${value} without a matching BEGIN` });
        continue;
      }
      if (open.text !== value) {
        errors.push({
          source,
          line: entry.line,
          message: `END:${value} closes BEGIN:${open.text} of line ${open.line}`,
        });
      }
      if (stack.length === 1 && current) {
        current.lines.push(entry);
        current.text = current.lines.map((l) => l.text).join('\r\n');
        blocks.push(current);
        current = undefined;
        continue;
      }
    } else if (stack.length === 1) {
      calendarProperties.set(name, entry);
    } else if (stack.length === 0) {
      errors.push({ source, line: entry.line, message: 'content outside BEGIN:VCALENDAR ... END:VCALENDAR' });
    }
    if (current) current.lines.push(entry);
  }
  for (const open of stack.reverse()) {
    errors.push({ source, line: open.line, message: `BEGIN:${open.text} is never closed (file truncated?)` });
  }
  if (!sawCalendar && errors.length === 0)
    errors.push({ source, message: 'no BEGIN:VCALENDAR: not an iCalendar file' });
  return { blocks, calendarProperties, errors };
}

/**
 * The value of the first `name` property as written in the file (after its parameters), so errors
 * quote what the person wrote rather than what ical.js made of it.
 */
export function writtenValue(block: IcsBlock, name: string): string | undefined {
  const upper = name.toUpperCase();
  const line = block.lines.find((l) => propertyName(l.text) === upper)?.text;
  if (line === undefined) return undefined;
  // The value starts after the first ':' outside a quoted parameter value.
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return line.slice(i + 1);
  }
  return undefined;
}

/** The physical line of the first `name` property in a block, for error locations. */
export function lineOfProperty(block: IcsBlock, name: string): number {
  const upper = name.toUpperCase();
  return block.lines.find((l) => propertyName(l.text) === upper)?.line ?? block.firstLine;
}
