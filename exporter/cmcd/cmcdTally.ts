import { CounterFamily } from '../state/counterFamily';

export type CmcdSource = 'player' | 'cdn_log';
/**
 * applied; invalid (undecodable or badly typed); refused (session cap); ignored (nothing to apply);
 * stale (a log line older than the session TTL that only kept a session alive).
 */
export type LineOutcome = 'applied' | 'invalid' | 'refused' | 'ignored' | 'stale';

/** The CMCD module's own counts, read by its collectors at scrape time. */
export class CmcdTally {
  /** Lines by `source outcome`. */
  readonly byLine = new Map<string, number>();
  readonly playerErrors: CounterFamily;

  constructor(seriesBudget: number) {
    this.playerErrors = new CounterFamily(['title'], seriesBudget);
  }

  /** Adds one batch's counts (once per batch, not per line: this sits on the ingestion path). */
  lines(source: CmcdSource, counts: Record<LineOutcome, number>): void {
    for (const [outcome, n] of Object.entries(counts)) {
      if (n === 0) continue;
      const key = `${source} ${outcome}`;
      this.byLine.set(key, (this.byLine.get(key) ?? 0) + n);
    }
  }
}
