import type pino from 'pino';
import type { LastGood } from './lastGood';
import { formatLocatedError, type LocatedError } from './locatedError';
import { redactSecrets } from './redact';
import type { SourceStatus, SourceType } from './sourceStatus';
import { parseSourceText, type ParseContext, type ParsedSource, type SourceFormat } from './sourceText';

export interface SourceDeps {
  logger: pino.Logger;
  now: () => number;
  /** Called after a good load changed what the source holds. */
  onChange: () => void;
  /** Parse settings; `source` is what error locations name (a file path or the source name). */
  context: (source: string) => ParseContext;
  /** A load with more events than this in the expansion range is refused (calendar.limits.maxEventsPerSource). */
  maxEvents?: number;
}

const KEPT_ERRORS = 100;

/**
 * One source's last good version and health. A failed attempt never replaces the last good version;
 * it flips the health to 0 and logs every located error, with secrets (URLs, headers) redacted.
 */
export class SourceState {
  readonly status: SourceStatus;
  lastGood?: LastGood;
  private chain: Promise<void> = Promise.resolve();
  /** The last re-expansion was over the per-source limit (the health it took is its to give back). */
  private overOnReexpand = false;

  constructor(
    name: string,
    type: SourceType,
    private readonly deps: SourceDeps,
    /** How errors name the source: the file path for files, the source name for URLs. */
    private readonly errorLabel: string,
    private readonly secrets: readonly string[] = [],
    private readonly requireCapacity = false
  ) {
    this.status = { name, type, ok: false, errors: [], events: 0, skipped: [], skippedCount: 0 };
  }

  /** Runs attempts one after another, so a file event during a slow parse cannot interleave. */
  serial(attempt: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(attempt, attempt);
    return this.chain;
  }

  /**
   * Parses `text`; keeps it as the last good version unless the file itself is unreadable or over the
   * limit. Events with a problem of their own are left out of it and reported (logged, in the status).
   */
  async accept(text: string, format: SourceFormat): Promise<boolean> {
    let parsed: ParsedSource;
    const context = this.deps.context(this.errorLabel);
    try {
      parsed = await parseSourceText(text, format, context);
    } catch (e) {
      // The parsers report problems as located errors; a throw is a bug, but still never a crash.
      this.fail([
        {
          source: this.errorLabel,
          message: `unexpected parser failure: ${e instanceof Error ? e.message : String(e)}`,
        },
      ]);
      return false;
    }
    // A file where no event at all can be read is as good as unreadable (a half-written template,
    // the wrong file): the last good version stays rather than an empty calendar.
    const unreadable = parsed.events.length === 0 && parsed.skipped.length > 0;
    const errors = [...parsed.errors, ...(unreadable ? parsed.skipped : [])];
    if (this.requireCapacity && !parsed.capacity && errors.length === 0) {
      errors.push({ source: this.errorLabel, message: 'no `capacity` section in the capacity file' });
    }
    const over = this.overLimit(parsed, context);
    if (over) errors.push(over);
    if (errors.length) {
      this.fail(errors);
      return false;
    }
    const now = this.deps.now();
    this.overOnReexpand = false;
    this.lastGood = {
      text,
      format,
      events: parsed.events,
      loadedAt: now,
      ...(parsed.capacity ? { capacity: parsed.capacity } : {}),
      ...(parsed.refreshIntervalMs !== undefined ? { refreshIntervalMs: parsed.refreshIntervalMs } : {}),
    };
    this.succeed(this.redact(parsed.skipped), parsed.skippedEvents);
    this.deps.logger.info(
      { source: this.status.name, events: parsed.events.length, skipped: parsed.skippedEvents },
      'calendar source loaded'
    );
    for (const e of this.status.skipped.slice(0, 20)) {
      this.deps.logger.warn(
        { source: this.status.name, file: e.source, line: e.line, field: e.field },
        `calendar event left out, the rest of the source loaded: ${formatLocatedError(e)}`
      );
    }
    if (parsed.skipped.length > 20)
      this.deps.logger.warn(
        { source: this.status.name },
        `${parsed.skipped.length - 20} more problems left events out`
      );
    this.deps.onChange();
    return true;
  }

  /** The source answered "nothing changed" (HTTP 304): healthy, last good still current. */
  unchanged(): void {
    this.succeed(this.status.skipped, this.status.skippedCount);
  }

  private redact(errors: readonly LocatedError[]): LocatedError[] {
    return errors.map((e) => ({
      ...e,
      source: redactSecrets(e.source, this.secrets),
      message: redactSecrets(e.message, this.secrets),
    }));
  }

  fail(errors: LocatedError[]): void {
    this.overOnReexpand = false; // any later failure owns the health from here
    const redacted = this.redact(errors);
    Object.assign(this.status, { ok: false, lastAttempt: this.deps.now(), errors: redacted.slice(0, KEPT_ERRORS) });
    for (const e of redacted.slice(0, 20)) {
      this.deps.logger.error(
        { source: this.status.name, file: e.source, line: e.line, field: e.field },
        `calendar source failed, keeping the last good version: ${formatLocatedError(e)}`
      );
    }
    if (redacted.length > 20)
      this.deps.logger.error({ source: this.status.name }, `${redacted.length - 20} more errors`);
  }

  /** The per-source limit's error when `parsed` has more events in the expansion range than it allows. */
  private overLimit(parsed: ParsedSource, context: ParseContext): LocatedError | undefined {
    const max = this.deps.maxEvents ?? Number.POSITIVE_INFINITY;
    const { from, to } = context.range;
    let inRange = 0;
    for (const e of parsed.events) if (e.event.end >= from && e.event.start <= to) inRange++;
    if (inRange <= max) return undefined;
    return {
      source: this.errorLabel,
      message: `${inRange} events in the window, over the per-source limit of ${max} (calendar.limits.maxEventsPerSource): shorten calendar.window, split the calendar or raise the limit`,
    };
  }

  /**
   * Re-expands recurrences of the last good text for the moved window (no I/O). The per-source limit
   * holds here too: a series can have few occurrences in one window and thousands in a later one. Past
   * it, the previous expansion (within the limit) stays and the source reports the error, until a
   * re-expansion or a reload is within the limit again.
   */
  async reexpand(): Promise<void> {
    const good = this.lastGood;
    if (!good) return;
    const context = this.deps.context(this.errorLabel);
    const parsed = await parseSourceText(good.text, good.format, context).catch(() => undefined);
    if (!parsed || parsed.errors.length) return; // same text parsed before; only a window change could reach here
    const over = this.overLimit(parsed, context);
    if (over) {
      this.fail([over]);
      this.overOnReexpand = true;
      return;
    }
    this.lastGood = { ...good, events: parsed.events };
    this.status.events = parsed.events.length;
    if (this.overOnReexpand) Object.assign(this.status, { ok: true, errors: [] });
    this.overOnReexpand = false;
  }

  private succeed(skipped: LocatedError[], skippedCount: number): void {
    const now = this.deps.now();
    Object.assign(this.status, {
      ok: true,
      lastAttempt: now,
      lastSuccess: now,
      errors: [],
      events: this.lastGood?.events.length ?? 0,
      skipped: skipped.slice(0, KEPT_ERRORS),
      skippedCount,
    });
  }
}
