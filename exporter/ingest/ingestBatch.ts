import type { RejectReason, TelemetryState } from '../state/telemetryState';
import type { IngestLedger } from './ingestLedger';
import { MAX_LISTED_ERRORS, parseBatch, type BatchFormat, type LineError } from './parseBatch';

const REASONS: Record<RejectReason, string> = {
  session_cap: 'the session table is full',
  stale: "older than the session's newest event, or than one TTL",
};

export interface IngestResult {
  accepted: number;
  rejected: number;
  /** The first errors, each with its line; `rejected` keeps the exact count. */
  errors: LineError[];
}

/** Parses a batch and applies its valid events: the whole ingestion path without HTTP. */
export function ingestBatch(
  body: string,
  format: BatchFormat,
  state: TelemetryState,
  ledger: IngestLedger,
  now: number
): IngestResult {
  const { events, lines, errors, errorCount } = parseBatch(body, format);
  if (errorCount) ledger.reject('invalid', errorCount);
  let refused = 0;
  // Counted per batch, not per event: three ledger updates instead of five hundred.
  const byType = { heartbeat: 0, login: 0, segment: 0 };
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const reason = state.apply(event, now);
    if (reason === null) {
      byType[event.type]++;
      continue;
    }
    refused++;
    ledger.reject(reason);
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ line: lines[i]!, error: `${reason}: ${REASONS[reason]}` });
  }
  for (const [type, n] of Object.entries(byType)) if (n) ledger.accept(type, n);
  const accepted = byType.heartbeat + byType.login + byType.segment;
  errors.sort((a, b) => a.line - b.line);
  return { accepted, rejected: errorCount + refused, errors };
}
