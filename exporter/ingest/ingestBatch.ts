import type { TelemetryState } from '../state/telemetryState';
import type { IngestLedger } from './ingestLedger';
import { ingestNdjsonInSlices } from './ingestNdjson';
import { REFUSAL_TEXT, type IngestResult } from './ingestResult';
import { MAX_LISTED_ERRORS, parseBatch, validateItems, type BatchFormat, type ParsedBatch } from './parseBatch';

export type { IngestResult } from './ingestResult';

/**
 * Parses a batch and applies its valid events: the whole ingestion path without HTTP, from a string.
 * For NDJSON it is the reference the byte path (ingestNdjson.ts, what the route runs) is held to.
 */
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
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `ingestBatch` for the HTTP route: a large body (1 MiB of tiny invalid items is 300k-500k of them) is
 * parsed, validated and applied a slice at a time, letting other requests and scrapes in between, so no
 * body holds the event loop for more than a slice. Lines keep their numbers; the counts stay exact.
 * NDJSON goes by its bytes (ingestNdjsonInSlices; the route hands it the body's Buffer directly).
 */
export async function ingestBatchInSlices(
  body: string,
  format: BatchFormat,
  state: TelemetryState,
  ledger: IngestLedger,
  now: number
): Promise<IngestResult> {
  if (format === 'ndjson') return ingestNdjsonInSlices(Buffer.from(body, 'utf8'), state, ledger, now);
  if (body.length <= SLICE_CHARS) return ingestBatch(body, format, state, ledger, now);
  const total: IngestResult = { accepted: 0, rejected: 0, errors: [] };
  const add = (r: IngestResult) => {
    total.accepted += r.accepted;
    total.rejected += r.rejected;
    for (const e of r.errors) if (total.errors.length < MAX_LISTED_ERRORS) total.errors.push(e);
  };
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
    if (errors.length < MAX_LISTED_ERRORS)
      errors.push({ line: lines[i]!, error: `${reason}: ${REFUSAL_TEXT[reason]}` });
  }
  for (const [type, n] of Object.entries(byType)) if (n) ledger.accept(type, n);
  const accepted = byType.heartbeat + byType.login + byType.segment;
  errors.sort((a, b) => a.line - b.line);
  return { accepted, rejected: errorCount + refused, errors };
}
