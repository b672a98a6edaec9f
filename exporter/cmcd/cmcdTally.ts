import { CounterFamily } from '../state/counterFamily';

export type CmcdSource = 'player' | 'cdn_log';
/**
 * applied; invalid (undecodable or badly typed); refused (session cap); ignored (nothing to apply);
 * stale (a log line older than the session TTL that only kept a session alive).
 */
export type LineOutcome = 'applied' | 'invalid' | 'refused' | 'ignored' | 'stale';

/** The CMCD module's own counts, read by its collectors at scrape time. */
export class CmcdTally {
  readonly lines = new Map<string, number>();
  readonly playerErrors: CounterFamily;

  constructor(seriesBudget: number) {
    this.playerErrors = new CounterFamily(['title'], seriesBudget);
  }

  line(source: CmcdSource, outcome: LineOutcome, n = 1): void {
    const key = `${source} ${outcome}`;
    this.lines.set(key, (this.lines.get(key) ?? 0) + n);
  }
}
