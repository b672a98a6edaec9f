import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { DEFAULT_EVENT_WINDOW } from '../../core/calendar/eventWindow';
import { buildKindMapping } from '../../core/calendar/kindMapping';
import { mergeEvents } from '../../core/calendar/merge';
import { isKnownTimeZone } from '../../core/calendar/wallTime';
import { EVENT_KINDS, type EventKind } from '../../core/calendar/event';
import { calendarConfigSchema } from '../calendar/config';
import { capacityTable, eventTable } from '../calendar/calendarTable';
import { formatLocatedError } from '../calendar/locatedError';
import { redactSecrets } from '../calendar/redact';
import { detectFormat, parseSourceText } from '../calendar/sourceText';
import { decodeCalendarBytes } from '../calendar/calendarBytes';

export interface ValidateOptions {
  from?: string;
  until?: string;
  timeZone: string;
  defaultKind: EventKind;
  kind: string[];
}

export interface ValidateIo {
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => number;
}

const MAX_BYTES = 50 * 1024 * 1024;
/** The exporter's default calendar.limits, so validate says what the exporter would do. */
const calendarLimits = calendarConfigSchema.parse({}).limits;

/**
 * `launchday calendar validate FILE|URL`: parses like the exporter does and prints what it understood,
 * or every error with its location. Returns the exit code. A URL is shown by its host and file name only (its path or query may be a secret).
 */
export async function validateCalendar(target: string, options: ValidateOptions, io: ValidateIo): Promise<number> {
  const isUrl = /^https?:\/\//i.test(target);
  const label = isUrl ? shownUrl(target) : target;
  const secrets = isUrl ? [target] : [];
  const usage = (message: string): number => {
    io.err(`launchday calendar validate: ${message}\n`);
    return 2;
  };
  if (!isKnownTimeZone(options.timeZone)) return usage(`unknown time zone "${options.timeZone}"`);
  const kinds: Record<string, EventKind> = {};
  for (const pair of options.kind) {
    const [word, kind] = pair.split('=');
    if (!word || !kind || !(EVENT_KINDS as readonly string[]).includes(kind))
      return usage(`--kind expects WORD=KIND, got "${pair}"`);
    kinds[word] = kind as EventKind;
  }
  const from = options.from ? Date.parse(options.from) : Number.NEGATIVE_INFINITY;
  const until = options.until ? Date.parse(options.until) : io.now() + DEFAULT_EVENT_WINDOW.lookAheadMs;
  if (Number.isNaN(from) || Number.isNaN(until)) return usage('--from and --until take ISO 8601 instants');

  let text: string;
  let contentType: string | undefined;
  try {
    if (isUrl) {
      const response = await fetch(target, {
        signal: AbortSignal.timeout(15_000),
        headers: { accept: 'text/calendar, application/yaml, */*;q=0.5' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      contentType = response.headers.get('content-type') ?? undefined;
      text = decodeCalendarBytes(Buffer.from(await response.arrayBuffer()));
    } else {
      text = decodeCalendarBytes(await readFile(target));
    }
    if (Buffer.byteLength(text) > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
  } catch (e) {
    const cause = describeCause(e);
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory; give a calendar file (.ics, .yaml or .json) or a URL'
          : code === 'EACCES'
            ? 'permission denied'
            : `${(e as Error).message}${cause ? ` (${cause})` : ''}`;
    io.err(`${label}: ${redactSecrets(message, secrets)}\n`);
    return 1;
  }

  const format = detectFormat(text, { ...(isUrl ? {} : { path: target }), ...(contentType ? { contentType } : {}) });
  if (format === 'yaml' && !looksLikeCalendarDocument(text, isUrl ? undefined : target)) {
    io.err(
      `${label}: not a calendar file: expected iCalendar (BEGIN:VCALENDAR) or YAML/JSON with \`events:\` or \`capacity:\`\n`
    );
    return 1;
  }
  const parsed = await parseSourceText(text, format, {
    source: label,
    range: { from, to: until },
    kinds: buildKindMapping(kinds),
    defaultKind: options.defaultKind,
    timeZone: options.timeZone,
    maxOccurrences: calendarLimits.maxOccurrencesPerSeries,
  });
  // As the exporter judges it: a file with no readable event at all is refused whole.
  const fatal = parsed.errors.length || parsed.events.length ? parsed.errors : parsed.skipped;
  if (fatal.length) {
    for (const e of fatal) io.err(redactSecrets(formatLocatedError(e), secrets) + '\n');
    io.err(
      `${fatal.length} error${fatal.length === 1 ? '' : 's'}; the exporter would keep the last good version of this source\n`
    );
    return 1;
  }
  for (const e of parsed.skipped) io.err(redactSecrets(formatLocatedError(e), secrets) + '\n');
  const merged = mergeEvents(parsed.events.map((e) => ({ ...e, sourceRank: 0 })));
  const cancelled = parsed.events.filter((e) => e.cancelled).length;
  if (merged.events.length || !parsed.capacity) io.out(eventTable(merged.events));
  const notes = [format === 'ics' ? 'iCalendar' : 'YAML/JSON'];
  if (cancelled) notes.push(`${cancelled} cancelled left out`);
  if (format === 'ics') notes.push(`recurrences expanded until ${new Date(until).toISOString()}`);
  io.out(`${merged.events.length} event${merged.events.length === 1 ? '' : 's'} (${notes.join('; ')})\n`);
  if (parsed.refreshIntervalMs !== undefined)
    io.out(`refresh interval stated by the calendar: ${parsed.refreshIntervalMs / 1000} s\n`);
  if (parsed.capacity) io.out('\n' + capacityTable(parsed.capacity));
  if (parsed.skipped.length) {
    const n = parsed.skippedEvents;
    io.err(
      `${n} event${n === 1 ? '' : 's'} left out (the problems are listed above with their lines); the exporter would load the other ${merged.events.length}\n`
    );
    return 1;
  }
  if (merged.events.length > calendarLimits.maxEventsPerSource) {
    io.err(
      `${merged.events.length} events: over the per-source limit of ${calendarLimits.maxEventsPerSource} (calendar.limits.maxEventsPerSource); the exporter would refuse this source\n`
    );
    return 1;
  }
  return 0;
}

/** Adds `launchday calendar validate FILE|URL`. */
export function registerCalendarCommand(program: Command): void {
  const calendar = program.command('calendar').description('Release calendar and capacity files');
  calendar
    .command('validate')
    .description('Parse a calendar (ICS, YAML or JSON; file or URL) and print its events, or every error with its line')
    .argument('<FILE|URL>', 'calendar or capacity file, or an http(s) URL')
    .option('--from <instant>', 'expand recurrences from this ISO instant (default: the first occurrence)')
    .option('--until <instant>', 'expand recurrences until this ISO instant (default: now + 30 days)')
    .option('--time-zone <zone>', 'zone of floating and all-day times', 'UTC')
    .addOption(
      new Option('--default-kind <kind>', 'kind of events whose categories name none')
        .choices([...EVENT_KINDS])
        .default('episode')
    )
    .option(
      '--kind <word=kind>',
      'map a CATEGORIES word to a kind (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[]
    )
    .action(async (target: string, options: ValidateOptions) => {
      process.exitCode = await validateCalendar(target, options, {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        now: Date.now,
      });
    });
}

/**
 * The address as the user can recognise it, without what makes it secret: Google's and Outlook's
 * private addresses carry their key in the path or the query, so only the host and the file name show.
 */
export function shownUrl(target: string): string {
  try {
    const url = new URL(target);
    const segments = url.pathname.split('/').filter(Boolean);
    const path = segments.length > 1 ? `/…/${segments.at(-1)}` : url.pathname;
    return `${url.protocol}//${url.host}${path}${url.search ? '?…' : ''}`;
  } catch {
    return '<url>';
  }
}

/**
 * A file named .yaml/.json is read as a calendar whatever it holds (so its errors are listed); any
 * other name must at least look like one (a top-level `events:` or `capacity:`), so README.md is
 * refused in one sentence rather than as a page of YAML errors.
 */
function looksLikeCalendarDocument(text: string, path: string | undefined): boolean {
  if (path && /\.(ya?ml|json)$/i.test(path)) return true;
  return /^(events|capacity|timeZone)\s*:|^\s*\{[\s\S]*"(events|capacity)"\s*:/m.test(text);
}

/** undici puts the reason (ECONNREFUSED, ENOTFOUND, certificate errors) in `cause`. */
function describeCause(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message;
}
