import { hashLabelToQuote } from '../state/rawLabelCache';
import { hashSidToQuote, type SidHashSeed } from '../state/sidHash';
import { newRawLabels, type RawHeartbeat, type RawLabels } from '../state/telemetryEvent';

/**
 * The common NDJSON heartbeat read straight from the request's bytes: no string for the body or the
 * line, no JSON.parse, no event object. It answers only for a line it is certain of: one flat object
 * of the heartbeat's own keys, each once, its strings free of escapes and control bytes (the sid also
 * ASCII, so hashing its bytes hashes the string's code units), its numbers plain decimals, and every
 * value within the v1 schema's bounds, cdn, region and device all present. Anything else (another
 * event type, an unknown or repeated key, an escape, an exponent, an error of any kind) returns -1
 * and the line takes the general path (JSON.parse and validation), so errors stay exact.
 *
 * It reads from `start` to the line's end (a newline or `end`, which it never reads past, and which
 * no token of the line can contain) and returns where that is, so the line needs no search first.
 * The sid is hashed with `sidSeed` (the session table's) as it is read, into `out.sidHash`.
 * A property test holds it to that path (ingestNdjson.test.ts).
 *
 * Measured in one session (bench/ingestProfile.ts, mixed workload, loaded machine): the server's
 * events per CPU-second went from 148-198k (JSON.parse per line, express) to 279-281k with this path
 * and the express-free route, and to 421k with segments read the same way (scanSegment below).
 * In-process, heartbeats only: ~1.9 -> ~1.5 us per event.
 */
export function scanHeartbeat(
  buf: Uint8Array,
  start: number,
  end: number,
  out: RawHeartbeat,
  sidSeed: SidHashSeed
): number {
  let i = skipSpace(buf, start, end);
  if (i >= end || buf[i] !== LBRACE) return -1;
  let seen = 0;
  out.weight = 1;
  out.ts = -1;
  for (;;) {
    i = skipSpace(buf, i + 1, end);
    if (i >= end || buf[i] !== QUOTE) return -1;
    const key = keyAt(buf, i + 1, end);
    if (key < 0 || seen & (1 << key)) return -1;
    const keyEnd = i + 1 + KEY_BYTES[key]!.length;
    seen |= 1 << key;
    i = skipSpace(buf, keyEnd + 1, end);
    if (i >= end || buf[i] !== COLON) return -1;
    i = skipSpace(buf, i + 1, end);
    if (key === K_WEIGHT || key === K_TS) {
      const numberEnd = scanNumber(buf, i, end);
      if (numberEnd < 0) return -1;
      if (key === K_WEIGHT) {
        if (!(scannedNumber >= 1e-6 && scannedNumber <= 1e7)) return -1;
        out.weight = scannedNumber;
      } else {
        // Integers only (no fraction), at most 15 digits: exact, safe and under the schema's 8.64e15.
        if (scannedFractionDigits !== 0) return -1;
        out.ts = scannedNumber;
      }
      i = numberEnd;
    } else if (key === K_TYPE || key === K_STATE) {
      // Compared in place: the value must be one of these words, and its closing quote must follow.
      if (i >= end || buf[i] !== QUOTE) return -1;
      const at = i + 1;
      if (key === K_TYPE) {
        if (!wordAt(buf, at, end, HEARTBEAT)) return -1;
        i = at + HEARTBEAT.length + 1;
      } else {
        const c = buf[at];
        const state = c === 0x70 ? (buf[at + 1] === 0x6c ? 0 : 2) : c === 0x62 ? 1 : c === 0x65 ? 3 : -1;
        if (state < 0 || !wordAt(buf, at, end, STATES[state]!)) return -1;
        out.state = state;
        i = at + STATES[state]!.length + 1;
      }
    } else {
      if (i >= end || buf[i] !== QUOTE) return -1;
      const valueStart = i + 1;
      // The sid and the labels are hashed as they are read (the table's and the label cache's keys).
      const valueEnd =
        key === K_SID
          ? hashSidToQuote(buf, valueStart, end, sidSeed, out.sidHash)
          : hashLabelToQuote(buf, valueStart, end, out.labelHashes, key - K_TITLE - (key > K_STATE ? 1 : 0));
      if (valueEnd < 0) return -1;
      const length = valueEnd - valueStart;
      // A UTF-8 string has at most as many UTF-16 code units as bytes: within the byte bound is within bounds.
      if (length === 0 || length > (key === K_TITLE ? 1024 : 256)) return -1;
      switch (key) {
        case K_SID:
          out.sidStart = valueStart;
          out.sidEnd = valueEnd;
          break;
        case K_TITLE:
          out.titleStart = valueStart;
          out.titleEnd = valueEnd;
          break;
        case K_CDN:
          out.cdnStart = valueStart;
          out.cdnEnd = valueEnd;
          break;
        case K_REGION:
          out.regionStart = valueStart;
          out.regionEnd = valueEnd;
          break;
        default:
          out.deviceStart = valueStart;
          out.deviceEnd = valueEnd;
      }
      i = valueEnd + 1;
    }
    i = skipSpace(buf, i, end);
    if (i >= end) return -1;
    if (buf[i] === COMMA) continue;
    if (buf[i] !== RBRACE) return -1;
    break;
  }
  if ((seen & REQUIRED) !== REQUIRED) return -1;
  const after = skipSpace(buf, i + 1, end);
  return after === end || buf[after] === NEWLINE ? after : -1;
}

/**
 * A segment result found by `scanSegment`: title and cdn as [start, end) of the buffer, hashed as
 * read (RawLabels; region and device stay empty), so the state finds the label set from the bytes.
 */
export interface RawSegment extends RawLabels {
  status: number | 'timeout' | 'aborted';
  /** -1 when absent. */
  durationMs: number;
  /** -1 when absent. */
  bytes: number;
}

/** Spelled out, not spread from newRawLabels(), as newRawHeartbeat (a spread cost ~10% of ingestion). */
export const newRawSegment = (): RawSegment => ({
  titleStart: 0,
  titleEnd: 0,
  cdnStart: 0,
  cdnEnd: 0,
  regionStart: 0,
  regionEnd: 0,
  deviceStart: 0,
  deviceEnd: 0,
  labelHashes: new Int32Array(4),
  status: 0,
  durationMs: -1,
  bytes: -1,
});

/**
 * `scanHeartbeat` for a segment result of the common shape: type, title, cdn, status (an integer
 * 100-599, "timeout" or "aborted"), optional duration_ms (0 to 3.6e6) and bytes (an integer), each
 * once, by the same rules. Returns the line's end, or -1 for the general path.
 */
export function scanSegment(buf: Uint8Array, start: number, end: number, out: RawSegment): number {
  let i = skipSpace(buf, start, end);
  if (i >= end || buf[i] !== LBRACE) return -1;
  let seen = 0;
  out.durationMs = -1;
  out.bytes = -1;
  for (;;) {
    i = skipSpace(buf, i + 1, end);
    if (i >= end || buf[i] !== QUOTE) return -1;
    const key = segmentKeyAt(buf, i + 1, end);
    if (key < 0 || seen & (1 << key)) return -1;
    seen |= 1 << key;
    i = skipSpace(buf, i + 2 + SEGMENT_KEY_BYTES[key]!.length, end);
    if (i >= end || buf[i] !== COLON) return -1;
    i = skipSpace(buf, i + 1, end);
    if (i >= end) return -1;
    if (key === S_TYPE) {
      if (buf[i] !== QUOTE || !wordAt(buf, i + 1, end, SEGMENT)) return -1;
      i += SEGMENT.length + 2;
    } else if (key === S_TITLE || key === S_CDN) {
      if (buf[i] !== QUOTE) return -1;
      const valueStart = i + 1;
      // Hashed as read (slot 0 the title, 1 the cdn), by hashLabelToQuote's rules for a plain string.
      const valueEnd = hashLabelToQuote(buf, valueStart, end, out.labelHashes, key === S_TITLE ? 0 : 1);
      const length = valueEnd - valueStart;
      if (valueEnd < 0 || length === 0 || length > (key === S_TITLE ? 1024 : 256)) return -1;
      if (key === S_TITLE) {
        out.titleStart = valueStart;
        out.titleEnd = valueEnd;
      } else {
        out.cdnStart = valueStart;
        out.cdnEnd = valueEnd;
      }
      i = valueEnd + 1;
    } else if (key === S_STATUS && buf[i] === QUOTE) {
      if (wordAt(buf, i + 1, end, TIMEOUT)) {
        out.status = 'timeout';
        i += TIMEOUT.length + 2;
      } else if (wordAt(buf, i + 1, end, ABORTED)) {
        out.status = 'aborted';
        i += ABORTED.length + 2;
      } else return -1;
    } else {
      const numberEnd = scanNumber(buf, i, end);
      if (numberEnd < 0) return -1;
      const n = scannedNumber;
      if (key === S_DURATION) {
        if (n > 3_600_000) return -1;
        out.durationMs = n;
      } else {
        // status and bytes: integers only (no fraction); 15 digits at most keep bytes safe.
        if (scannedFractionDigits !== 0) return -1;
        if (key === S_STATUS) {
          if (n < 100 || n > 599) return -1;
          out.status = n;
        } else out.bytes = n;
      }
      i = numberEnd;
    }
    i = skipSpace(buf, i, end);
    if (i >= end) return -1;
    if (buf[i] === COMMA) continue;
    if (buf[i] !== RBRACE) return -1;
    break;
  }
  if ((seen & SEGMENT_REQUIRED) !== SEGMENT_REQUIRED) return -1;
  const after = skipSpace(buf, i + 1, end);
  return after === end || buf[after] === NEWLINE ? after : -1;
}

/**
 * A login found by `scanLogin`. Its four optional text fields are kept in RawLabels' four slots, so
 * the state finds their counter label sets by the bytes (RawLabelCache): method in the title slot,
 * region in the cdn slot, device in the region slot and reason in the device slot. An absent field is
 * an empty range with hash 0 (a present one is never empty: the scan refuses "").
 */
export interface RawLogin {
  outcome: 'success' | 'failure';
  labels: RawLabels;
}

export const newRawLogin = (): RawLogin => ({
  outcome: 'success',
  labels: newRawLabels(),
});

/**
 * `scanHeartbeat` for a login of the common shape: type, outcome ("success" or "failure"), and
 * optionally reason (1-64 bytes), method, region and device (1-256 bytes), each once, every value a
 * plain string, by the same rules; the four text values hashed as read (hashLabelToQuote). Returns
 * the line's end, or -1 for the general path. Logins took JSON.parse and validation before: one line
 * in twenty of bench:ingest's workload, several times a heartbeat's cost each.
 */
export function scanLogin(buf: Uint8Array, start: number, end: number, out: RawLogin): number {
  let i = skipSpace(buf, start, end);
  if (i >= end || buf[i] !== LBRACE) return -1;
  let seen = 0;
  const labels = out.labels;
  labels.titleStart = labels.titleEnd = labels.cdnStart = labels.cdnEnd = 0;
  labels.regionStart = labels.regionEnd = labels.deviceStart = labels.deviceEnd = 0;
  labels.labelHashes.fill(0);
  for (;;) {
    i = skipSpace(buf, i + 1, end);
    if (i >= end || buf[i] !== QUOTE) return -1;
    const key = loginKeyAt(buf, i + 1, end);
    if (key < 0 || seen & (1 << key)) return -1;
    seen |= 1 << key;
    i = skipSpace(buf, i + 2 + LOGIN_KEY_BYTES[key]!.length, end);
    if (i >= end || buf[i] !== COLON) return -1;
    i = skipSpace(buf, i + 1, end);
    // Every value of a login is a string.
    if (i >= end || buf[i] !== QUOTE) return -1;
    if (key === L_TYPE) {
      if (!wordAt(buf, i + 1, end, LOGIN)) return -1;
      i += LOGIN.length + 2;
    } else if (key === L_OUTCOME) {
      if (wordAt(buf, i + 1, end, SUCCESS)) {
        out.outcome = 'success';
        i += SUCCESS.length + 2;
      } else if (wordAt(buf, i + 1, end, FAILURE)) {
        out.outcome = 'failure';
        i += FAILURE.length + 2;
      } else return -1;
    } else {
      const valueStart = i + 1;
      // Slots: method 0, region 1, device 2, reason 3 (see RawLogin).
      const slot = key === L_REASON ? 3 : key - L_METHOD;
      const valueEnd = hashLabelToQuote(buf, valueStart, end, labels.labelHashes, slot);
      if (valueEnd < 0) return -1;
      const length = valueEnd - valueStart;
      if (length === 0 || length > (key === L_REASON ? 64 : 256)) return -1;
      switch (key) {
        case L_METHOD:
          labels.titleStart = valueStart;
          labels.titleEnd = valueEnd;
          break;
        case L_REGION:
          labels.cdnStart = valueStart;
          labels.cdnEnd = valueEnd;
          break;
        case L_DEVICE:
          labels.regionStart = valueStart;
          labels.regionEnd = valueEnd;
          break;
        default:
          labels.deviceStart = valueStart;
          labels.deviceEnd = valueEnd;
      }
      i = valueEnd + 1;
    }
    i = skipSpace(buf, i, end);
    if (i >= end) return -1;
    if (buf[i] === COMMA) continue;
    if (buf[i] !== RBRACE) return -1;
    break;
  }
  if ((seen & LOGIN_REQUIRED) !== LOGIN_REQUIRED) return -1;
  const after = skipSpace(buf, i + 1, end);
  return after === end || buf[after] === NEWLINE ? after : -1;
}

const LBRACE = 0x7b;
const RBRACE = 0x7d;
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

const K_TYPE = 0;
const K_SID = 1;
const K_TITLE = 2;
const K_STATE = 3;
const K_CDN = 4;
const K_REGION = 5;
const K_DEVICE = 6;
const K_WEIGHT = 7;
const K_TS = 8;
const KEYS = ['type', 'sid', 'title', 'state', 'cdn', 'region', 'device', 'weight', 'ts'];
/** Everything but weight and ts: the fast path wants every label (a missing one depends on the session). */
const REQUIRED = (1 << K_WEIGHT) - 1;
const bytesOf = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const KEY_BYTES = KEYS.map(bytesOf);
const HEARTBEAT = bytesOf('heartbeat');
/** In the order of RawHeartbeat's state numbers (0 playing ... 3 ended). */
const STATES = ['playing', 'buffering', 'paused', 'ended'].map(bytesOf);

const S_TYPE = 0;
const S_TITLE = 1;
const S_CDN = 2;
const S_STATUS = 3;
const S_DURATION = 4;
const S_BYTES = 5;
const SEGMENT_KEY_BYTES = ['type', 'title', 'cdn', 'status', 'duration_ms', 'bytes'].map(bytesOf);
const SEGMENT_REQUIRED = (1 << S_DURATION) - 1;
const SEGMENT = bytesOf('segment');
const TIMEOUT = bytesOf('timeout');
const ABORTED = bytesOf('aborted');

const L_TYPE = 0;
const L_OUTCOME = 1;
const L_REASON = 2;
const L_METHOD = 3;
const L_REGION = 4;
const L_DEVICE = 5;
const LOGIN_KEY_BYTES = ['type', 'outcome', 'reason', 'method', 'region', 'device'].map(bytesOf);
const LOGIN_REQUIRED = (1 << L_TYPE) | (1 << L_OUTCOME);
const LOGIN = bytesOf('login');
const SUCCESS = bytesOf('success');
const FAILURE = bytesOf('failure');

function loginKeyAt(buf: Uint8Array, at: number, end: number): number {
  let key: number;
  switch (buf[at]) {
    case 0x74:
      key = L_TYPE;
      break;
    case 0x6f:
      key = L_OUTCOME;
      break;
    case 0x72:
      key = buf[at + 2] === 0x61 ? L_REASON : L_REGION;
      break;
    case 0x6d:
      key = L_METHOD;
      break;
    case 0x64:
      key = L_DEVICE;
      break;
    default:
      return -1;
  }
  return wordAt(buf, at, end, LOGIN_KEY_BYTES[key]!) ? key : -1;
}

function segmentKeyAt(buf: Uint8Array, at: number, end: number): number {
  let key: number;
  switch (buf[at]) {
    case 0x74:
      key = buf[at + 1] === 0x79 ? S_TYPE : S_TITLE;
      break;
    case 0x63:
      key = S_CDN;
      break;
    case 0x73:
      key = S_STATUS;
      break;
    case 0x64:
      key = S_DURATION;
      break;
    case 0x62:
      key = S_BYTES;
      break;
    default:
      return -1;
  }
  return wordAt(buf, at, end, SEGMENT_KEY_BYTES[key]!) ? key : -1;
}

/** JSON's whitespace inside a line (a newline ends the line). */
function skipSpace(buf: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = buf[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** Whether `word` is at `at`, followed by a closing quote before `end`. */
function wordAt(buf: Uint8Array, at: number, end: number, word: Uint8Array): boolean {
  const n = word.length;
  if (at + n >= end || buf[at + n] !== QUOTE) return false;
  for (let k = 0; k < n; k++) if (buf[at + k] !== word[k]) return false;
  return true;
}

/**
 * The heartbeat key whose name starts at `at` (after its opening quote) and is closed by a quote, or
 * -1: guessed by its first bytes, then compared in place (keys are never scanned twice).
 */
function keyAt(buf: Uint8Array, at: number, end: number): number {
  let key: number;
  switch (buf[at]) {
    case 0x74: {
      const next = buf[at + 1];
      key = next === 0x79 ? K_TYPE : next === 0x69 ? K_TITLE : K_TS;
      break;
    }
    case 0x73:
      key = buf[at + 1] === 0x69 ? K_SID : K_STATE;
      break;
    case 0x63:
      key = K_CDN;
      break;
    case 0x72:
      key = K_REGION;
      break;
    case 0x64:
      key = K_DEVICE;
      break;
    case 0x77:
      key = K_WEIGHT;
      break;
    default:
      return -1;
  }
  return wordAt(buf, at, end, KEY_BYTES[key]!) ? key : -1;
}

let scannedNumber = 0;
let scannedFractionDigits = 0;

/**
 * A plain JSON number from `i`: digits (no leading zero but a lone one), optionally a fraction, no
 * sign and no exponent, at most 15 significant digits in all; its value (into `scannedNumber`) is
 * digits / 10^fraction, one division of two exact doubles (under 2^53 and 10^22), so it is the
 * correctly rounded double JSON.parse gives. Returns where it ends, or -1 for any other form.
 */
function scanNumber(buf: Uint8Array, i: number, end: number): number {
  let digits = 0;
  let mantissa = 0;
  if (i >= end) return -1;
  const first = buf[i]!;
  if (first < 0x30 || first > 0x39) return -1;
  if (first === 0x30) {
    i++;
    digits = 1;
  } else for (; i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39; i++, digits++) mantissa = mantissa * 10 + buf[i]! - 0x30;
  let fraction = 0;
  if (i < end && buf[i] === 0x2e) {
    i++;
    for (; i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39; i++, fraction++) mantissa = mantissa * 10 + buf[i]! - 0x30;
    if (fraction === 0) return -1;
  }
  if (digits + fraction > 15) return -1;
  const next = i < end ? buf[i]! : -1;
  if (next === 0x65 || next === 0x45 || (next >= 0x30 && next <= 0x39)) return -1; // 1e3, 01
  scannedNumber = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction]!;
  scannedFractionDigits = fraction;
  return i;
}

/** Built by multiplication: every one is an integer under 2^53, so each is exact. */
const POWERS_OF_TEN = [1];
for (let k = 1; k < 16; k++) POWERS_OF_TEN.push(POWERS_OF_TEN[k - 1]! * 10);
