/**
 * Every ingestion path, for the `source` label: `events` (JSON and NDJSON on /v1/events), `cmcd` (player
 * reports on /v1/cmcd) and `cdn_logs` (access-log lines on /v1/cdn-logs).
 */
export type IngestSource = 'events' | 'cmcd' | 'cdn_logs';

const SOURCE_OF_PATH: Record<string, IngestSource> = {
  '/v1/events': 'events',
  '/v1/cmcd': 'cmcd',
  '/v1/cdn-logs': 'cdn_logs',
};

/** The ingestion path a request path belongs to, or undefined for every other route. */
export function ingestSourceOf(path: string): IngestSource | undefined {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return Object.hasOwn(SOURCE_OF_PATH, trimmed) ? SOURCE_OF_PATH[trimmed] : undefined;
}

/** Counts keyed by `source` and one more label: the collectors read them at scrape time. */
export class SourceCounts {
  /** `source` → label value → count. */
  readonly bySource = new Map<IngestSource, Map<string, number>>();

  add(source: IngestSource, label: string, n: number): void {
    if (n === 0) return;
    let counts = this.bySource.get(source);
    if (counts === undefined) this.bySource.set(source, (counts = new Map()));
    counts.set(label, (counts.get(label) ?? 0) + n);
  }

  get(source: IngestSource, label: string): number {
    return this.bySource.get(source)?.get(label) ?? 0;
  }
}

/**
 * What ingestion accepted, refused and ignored on every path, for the exporter's own health metrics:
 * one ledger, so the three paths are counted the same way and a dashboard sums them with one query.
 */
export class IngestLedger {
  /** Events applied, by event type. */
  readonly accepted = new SourceCounts();
  /** Events (or lines) refused, by reason: invalid, session_cap, stale. */
  readonly rejected = new SourceCounts();
  /** Good input that carried nothing to apply, by reason (no_cmcd, no_session). */
  readonly ignored = new SourceCounts();
  /** Whole requests refused before their events were read, by HTTP status. */
  readonly refusedRequests = new SourceCounts();

  accept(type: string, n = 1, source: IngestSource = 'events'): void {
    this.accepted.add(source, type, n);
  }

  reject(reason: string, n = 1, source: IngestSource = 'events'): void {
    this.rejected.add(source, reason, n);
  }

  ignore(reason: string, n = 1, source: IngestSource = 'events'): void {
    this.ignored.add(source, reason, n);
  }

  refuseRequest(status: number, source: IngestSource = 'events'): void {
    this.refusedRequests.add(source, String(status), 1);
  }
}
