/** A load or validation problem, located for the person who has to fix the file. */
export interface LocatedError {
  /** The source's configured name, or the file path (never a URL). */
  source: string;
  line?: number;
  /** The property or YAML path, e.g. `DTSTART` or `events[3].start`. */
  field?: string;
  message: string;
}

/** `calendar.ics:42 DTSTART: invalid date` */
export function formatLocatedError(e: LocatedError): string {
  const where = e.line !== undefined ? `${e.source}:${e.line}` : e.source;
  return e.field ? `${where} ${e.field}: ${e.message}` : `${where}: ${e.message}`;
}
