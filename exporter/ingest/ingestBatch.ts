import type { RejectReason, TelemetryState } from '../state/telemetryState';
import type { IngestLedger } from './ingestLedger';
import {
  MAX_LISTED_ERRORS,
  parseBatch,
  validateItems,
  type BatchFormat,
  type LineError,
  type ParsedBatch,
} from './parseBatch';

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
  return applyParsed(parseBatch(body, format), state, ledger, now);
}

/** JSON bodies past this many characters are taken in slices, the event loop turning between them. */
export const SLICE_CHARS = 64 * 1024;
const SLICE_ITEMS = 16_384;
/**
 * NDJSON is sliced by lines (at most this many, and at most `NDJSON_SLICE_CHARS`): the cost of a line
 * is about the same whatever its length (a line of bad JSON ~7 us: the parser's exception), so a slice
 * by characters alone held the loop ~230 ms for 64 KiB of one-character lines, while a 500-event batch of
 * UUID heartbeats (68 KB) was cut in two, its second half waiting behind other requests (the p99).
 */
export const SLICE_LINES = 2048;
const NDJSON_SLICE_CHARS = 256 * 1024;

/** Where an NDJSON slice from `start` ends: its last newline, or the body's end. */
function sliceEnd(body: string, start: number): number {
  const limit = start + NDJSON_SLICE_CHARS;
  let end = start - 1;
  for (let n = 0; n < SLICE_LINES; n++) {
    const next = body.indexOf('\n', end + 1);
    if (next < 0) return body.length;
    if (next > limit && n > 0) return end;
    end = next;
  }
  return end;
}
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `ingestBatch` for the HTTP route: a large body (1 MiB of tiny invalid items is 300k-500k of them) is
 * parsed, validated and applied a slice at a time, letting other requests and scrapes in between, so no
 * body holds the event loop for more than a slice. Lines keep their numbers; the counts stay exact.
 */
export async function ingestBatchInSlices(
  body: string,
  format: BatchFormat,
  state: TelemetryState,
  ledger: IngestLedger,
  now: number
): Promise<IngestResult> {
  if (format === 'ndjson' ? sliceEnd(body, 0) >= body.length : body.length <= SLICE_CHARS)
    return ingestBatch(body, format, state, ledger, now);
  const total: IngestResult = { accepted: 0, rejected: 0, errors: [] };
  const add = (r: IngestResult) => {
    total.accepted += r.accepted;
    total.rejected += r.rejected;
    for (const e of r.errors) if (total.errors.length < MAX_LISTED_ERRORS) total.errors.push(e);
  };
  if (format === 'json') {
    let items: unknown;
    try {
      items = JSON.parse(body);
    } catch {
      return ingestBatch(body, format, state, ledger, now); // words the parse error
    }
    if (!Array.isArray(items)) return ingestBatch(body, format, state, ledger, now);
    for (let from = 0; from < items.length; from += SLICE_ITEMS) {
      if (from > 0) await turn();
      add(applyParsed(validateItems(items, from, Math.min(items.length, from + SLICE_ITEMS)), state, ledger, now));
    }
    return total;
  }
  let line = 0;
  for (let start = 0; start < body.length;) {
    if (start > 0) await turn();
    const end = sliceEnd(body, start);
    const slice = body.slice(start, end);
    const parsed = parseBatch(slice, 'ndjson');
    for (let i = 0; i < parsed.lines.length; i++) parsed.lines[i]! += line;
    for (const e of parsed.errors) e.line += line;
    add(applyParsed(parsed, state, ledger, now));
    for (let i = slice.indexOf('\n'); i >= 0; i = slice.indexOf('\n', i + 1)) line++;
    line++;
    start = end + 1;
  }
  return total;
}

function applyParsed(
  { events, lines, errors, errorCount }: ParsedBatch,
  state: TelemetryState,
  ledger: IngestLedger,
  now: number
): IngestResult {
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
