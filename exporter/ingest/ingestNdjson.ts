import { newRawHeartbeat } from '../state/telemetryEvent';
import type { RejectReason, TelemetryState } from '../state/telemetryState';
import { newRawLogin, newRawSegment, scanHeartbeat, scanLogin, scanSegment } from './lineScan';
import { REFUSAL_TEXT, type IngestResult } from './ingestResult';
import type { IngestLedger } from './ingestLedger';
import { MAX_LISTED_ERRORS, parseNdjsonLine, type LineError, type ParsedBatch } from './parseBatch';

/** A slice ends after this many lines or once past this many bytes (its last line read whole). */
export const SLICE_LINES = 2048;
export const SLICE_BYTES = 256 * 1024;

const NEWLINE = 0x0a;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An NDJSON body from its bytes: the whole ingestion path for /v1/events' NDJSON, giving what
 * `ingestBatch(body.toString(), 'ndjson', ...)` gives (the same events applied in the same order, the
 * same per-line errors, the same ledger counts; ingestNdjson.test.ts holds it to that). A heartbeat of
 * the common shape goes from the bytes to the session table (lineScan.ts); any other line is
 * decoded and takes the general path, JSON.parse and validation.
 *
 * It is taken in slices (at most `SLICE_LINES` lines or about `SLICE_BYTES`), the event loop turning
 * between them, so no body holds the loop for more than a slice; lines keep their numbers.
 */
export async function ingestNdjsonInSlices(
  body: Uint8Array,
  state: TelemetryState,
  ledger: IngestLedger,
  now: number
): Promise<IngestResult> {
  const total: IngestResult = { accepted: 0, rejected: 0, errors: [] };
  const cursor = { at: 0, line: 0 };
  for (let first = true; cursor.at <= body.length; first = false) {
    if (!first) await turn();
    const r = ingestSlice(body, cursor, state, ledger, now);
    total.accepted += r.accepted;
    total.rejected += r.rejected;
    for (const e of r.errors) if (total.errors.length < MAX_LISTED_ERRORS) total.errors.push(e);
  }
  return total;
}

/** `ingestNdjsonInSlices` without the turns: every slice at once. */
export function ingestNdjson(body: Uint8Array, state: TelemetryState, ledger: IngestLedger, now: number): IngestResult {
  const total: IngestResult = { accepted: 0, rejected: 0, errors: [] };
  const cursor = { at: 0, line: 0 };
  while (cursor.at <= body.length) {
    const r = ingestSlice(body, cursor, state, ledger, now);
    total.accepted += r.accepted;
    total.rejected += r.rejected;
    for (const e of r.errors) if (total.errors.length < MAX_LISTED_ERRORS) total.errors.push(e);
  }
  return total;
}

/**
 * Lines are read a group at a time: every line of the group is scanned first, then the session table
 * is asked to bring the group's index entries and rows into the cache (SessionTable.prefetch: a tight
 * loop of independent loads, so the CPU waits for ~GROUP_LINES cache misses at once instead of two
 * per heartbeat), then the lines are applied one by one in order, exactly as if each were applied as
 * soon as it was read: the scan reads no state but the table's seed, which ingestion never changes.
 */
export const GROUP_LINES = 32;
const raws = Array.from({ length: GROUP_LINES }, newRawHeartbeat);
/** Per line of the group: where it starts and ends, and whether it is a scanned heartbeat. */
const lineStarts = new Int32Array(GROUP_LINES);
const lineEnds = new Int32Array(GROUP_LINES);
const isHeartbeat = new Uint8Array(GROUP_LINES);
const sidLows = new Int32Array(GROUP_LINES);
const rawSegment = newRawSegment();
const rawLogin = newRawLogin();

/**
 * Lines from `cursor.at` (a line's start) to the slice's end, applied as they are read; the cursor
 * moves past the last line read. The accounting is applyParsed's: errors of unparsable or invalid
 * lines first (the first MAX_LISTED_ERRORS), then refusals while room is left, sorted by line;
 * `invalid` counted before the refusals, accepted counts per type.
 */
function ingestSlice(
  body: Uint8Array,
  cursor: { at: number; line: number },
  state: TelemetryState,
  ledger: IngestLedger,
  now: number
): IngestResult {
  const invalid: ParsedBatch = { events: [], lines: [], errors: [], errorCount: 0 };
  const refusals: LineError[] = [];
  const refused = { stale: 0, session_cap: 0 };
  let firstRefusal: RejectReason | undefined;
  let heartbeats = 0;
  let logins = 0;
  let segments = 0;
  const limit = body.length;
  const sliceStart = cursor.at;
  const table = state.sessions;
  let start = cursor.at;
  let line = cursor.line;
  for (let n = 0; n < SLICE_LINES && start <= limit && (n === 0 || start - sliceStart < SLICE_BYTES);) {
    // The group's lines, by the slice's own rule for where it ends.
    let lines = 0;
    let heartbeatLines = 0;
    for (
      ;
      lines < GROUP_LINES && n < SLICE_LINES && start <= limit && (n === 0 || start - sliceStart < SLICE_BYTES);
      n++
    ) {
      const r = raws[lines]!;
      let end = scanHeartbeat(body, start, limit, r, table.seed);
      isHeartbeat[lines] = end >= 0 ? 1 : 0;
      if (end >= 0) sidLows[heartbeatLines++] = r.sidHash[0]!;
      else {
        end = body.indexOf(NEWLINE, start);
        if (end < 0) end = limit;
      }
      lineStarts[lines] = start;
      lineEnds[lines++] = end;
      start = end + 1;
    }
    table.prefetch(sidLows, heartbeatLines);
    for (let k = 0; k < lines; k++) {
      line++;
      let reason: RejectReason | null;
      const lineStart = lineStarts[k]!;
      if (isHeartbeat[k] === 1) {
        reason = state.applyRawHeartbeat(body, raws[k]!, now);
        if (reason === null) heartbeats++;
      } else {
        const type = applyOtherLine(body, lineStart, lineEnds[k]!, line, state, now, invalid);
        if (type === INVALID_LINE) continue;
        reason = otherRefusal;
        if (reason === null) {
          if (type === HEARTBEAT_LINE) heartbeats++;
          else if (type === LOGIN_LINE) logins++;
          else segments++;
        }
      }
      if (reason !== null) {
        refused[reason]++;
        firstRefusal ??= reason;
        if (refusals.length < MAX_LISTED_ERRORS) refusals.push({ line, error: `${reason}: ${REFUSAL_TEXT[reason]}` });
      }
    }
  }
  cursor.at = start;
  cursor.line = line;

  if (invalid.errorCount) ledger.reject('invalid', invalid.errorCount);
  if (firstRefusal !== undefined) {
    const second: RejectReason = firstRefusal === 'stale' ? 'session_cap' : 'stale';
    ledger.reject(firstRefusal, refused[firstRefusal]);
    if (refused[second]) ledger.reject(second, refused[second]);
  }
  if (heartbeats) ledger.accept('heartbeat', heartbeats);
  if (logins) ledger.accept('login', logins);
  if (segments) ledger.accept('segment', segments);
  const errors = invalid.errors;
  for (const r of refusals) if (errors.length < MAX_LISTED_ERRORS) errors.push(r);
  errors.sort((a, b) => a.line - b.line);
  return {
    accepted: heartbeats + logins + segments,
    rejected: invalid.errorCount + refused.stale + refused.session_cap,
    errors,
  };
}

const INVALID_LINE = 0;
const HEARTBEAT_LINE = 1;
const LOGIN_LINE = 2;
const SEGMENT_LINE = 3;
/** Why `applyOtherLine`'s event was refused, or null. */
let otherRefusal: RejectReason | null = null;

/**
 * A line that is not a heartbeat of the common shape: a segment or a login of theirs read from the
 * bytes, anything else parsed and validated (its error, if any, into `invalid`). Applies its event
 * (the refusal, if any, in `otherRefusal`) and returns its type, or INVALID_LINE. Kept out of
 * ingestSlice: with the login scan inlined there, heartbeat lines, which never reach it, got ~20%
 * slower in process (the loop's code grew past what V8 optimises as well).
 */
function applyOtherLine(
  body: Uint8Array,
  start: number,
  end: number,
  line: number,
  state: TelemetryState,
  now: number,
  invalid: ParsedBatch
): number {
  const limit = body.length;
  if (scanSegment(body, start, limit, rawSegment) >= 0) {
    state.applyRawSegment(body, rawSegment, rawSegment.status); // a segment is never refused
    otherRefusal = null;
    return SEGMENT_LINE;
  }
  if (scanLogin(body, start, limit, rawLogin) >= 0) {
    state.applyRawLogin(body, rawLogin.labels, rawLogin.outcome === 'failure'); // a login is never refused
    otherRefusal = null;
    return LOGIN_LINE;
  }
  const event = parseNdjsonLine(text(body, start, end), line, invalid);
  if (event === undefined) return INVALID_LINE;
  otherRefusal = state.apply(event, now);
  return event.type === 'heartbeat' ? HEARTBEAT_LINE : event.type === 'login' ? LOGIN_LINE : SEGMENT_LINE;
}

const text = (body: Uint8Array, start: number, end: number): string =>
  Buffer.from(body.buffer, body.byteOffset + start, end - start).toString('utf8');
