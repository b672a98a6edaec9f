import type { LocatedError } from './locatedError';

export type SourceType = 'file' | 'url' | 'demo' | 'capacity';

/** What metrics, logs and the API say about one source. Never holds a URL. */
export interface SourceStatus {
  name: string;
  type: SourceType;
  /** Whether the last attempt succeeded (a 304 is a success). */
  ok: boolean;
  lastAttempt?: number;
  lastSuccess?: number;
  /** Errors of the last failed attempt, redacted and located. */
  errors: LocatedError[];
  /** Events held from the last good load. */
  events: number;
  /** Events of the last good load left out for a problem of their own, redacted and located. */
  skipped: LocatedError[];
  /** How many events were left out (skipped holds the first 100 problems). */
  skippedCount: number;
}
