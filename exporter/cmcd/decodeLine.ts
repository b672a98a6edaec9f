import { decodeCmcd } from '@svta/cml-cmcd';
import { boundReport, cmcdReportSchema, describeIssue, READ_KEYS, type CmcdReport } from './cmcdReport';
import { detachedString } from './detachedString';
import { wantedMembers } from './dictMembers';

/** Longer lines are refused before decoding, so one line cannot cost unbounded CPU. */
export const MAX_LINE_CHARS = 16 * 1024;

export type Decoded = { report: CmcdReport } | { error: string };

/**
 * Keys whose members repeat from report to report (`e=t`, `sta=p`, `cid="…"`, `v=2`): their decoded
 * form is remembered, which halves the cost of a typical report. Never `sid` or `url`, which do not repeat.
 */
const REPEATING = new Set(['cid', 'e', 'sta', 'bs', 'ot', 'rc', 'v', 'cdn']);
const MEMO_ENTRIES = 4096;
const MEMO_MEMBER_CHARS = 128;
/** Member → its decoded value (one member, one key). */
const memo = new Map<string, unknown>();

/**
 * One CMCD payload (`key=value,...`: an event-mode line, a decoded `CMCD=` query value, or header
 * shards joined by commas) to a checked report. Every key must be a valid key; only the values of the
 * keys Launchday reads are decoded (by @svta/cml-cmcd) and checked, the others are ignored.
 */
export function decodeCmcdLine(line: string): Decoded {
  if (line.length > MAX_LINE_CHARS) return { error: `line longer than ${MAX_LINE_CHARS} characters` };
  if (line.trim() === '') return { report: {} };
  const split = wantedMembers(line, READ_KEYS);
  if ('error' in split) return { error: `not a CMCD payload: ${split.error}` };
  const { keys, members } = split;
  const data: Record<string, unknown> = {};
  let rest: string[] = [];
  let restKeys: string[] = [];
  try {
    for (let m = 0; m < members.length; m++) {
      const key = keys[m]!;
      const member = members[m]!;
      if (REPEATING.has(key)) {
        const value = remembered(member, key); // in order, so a repeated key keeps its last value
        if (value !== undefined) data[key] = value;
        continue;
      }
      const value = plainValue(member, key.length);
      if (value === undefined) {
        rest.push(member);
        restKeys.push(key);
      } else {
        data[key] = value;
        // A later plain value wins over an earlier one left for the decoder (rare: a repeated key).
        if (restKeys.includes(key)) {
          rest = rest.filter((_, r) => restKeys[r] !== key);
          restKeys = restKeys.filter((k) => k !== key);
        }
      }
    }
    if (rest.length) Object.assign(data, decodeCmcd(rest.join(',')));
  } catch (err) {
    return { error: `not a CMCD payload: ${(err as Error).message.slice(0, 200)}` };
  }
  const parsed = cmcdReportSchema.safeParse(data);
  if (!parsed.success) return { error: describeIssue(parsed.error) };
  return { report: boundReport(parsed.data) };
}

/**
 * The value of `key="text"` (no escapes, printable ASCII) or `key=123` (an integer), else undefined
 * for the decoder. sid, url and ts look like this in every report, and this is measured 8x faster than
 * decoding them with @svta/cml-cmcd (8.4 µs a report on its own): it keeps CMCD within 2x of JSON.
 */
function plainValue(member: string, keyLength: number): string | number | undefined {
  if (member.charCodeAt(keyLength) !== 0x3d) return undefined; // `=`
  const start = keyLength + 1;
  const end = member.length;
  if (member.charCodeAt(start) === 0x22) {
    if (end - start < 2 || member.charCodeAt(end - 1) !== 0x22) return undefined;
    for (let i = start + 1; i < end - 1; i++) {
      const c = member.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return undefined;
    }
    return member.slice(start + 1, end - 1);
  }
  if (end - start > 15) return undefined; // sf-integer: at most 15 digits
  let i = start;
  if (member.charCodeAt(i) === 0x2d) i++; // -
  if (i === end) return undefined;
  for (; i < end; i++) {
    const c = member.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  return Number(member.slice(start));
}

/** One member's value, decoded by @svta/cml-cmcd. */
function valueOf(member: string, key: string): unknown {
  return (decodeCmcd(member) as Record<string, unknown>)[key];
}

function remembered(member: string, key: string): unknown {
  if (member.length > MEMO_MEMBER_CHARS) return valueOf(member, key);
  let decoded = memo.get(member);
  if (decoded === undefined && !memo.has(member)) {
    // Kept by the memo: a copy, never a slice of the body (entries x chars bound it, 4096 x 128).
    const copy = detachedString(member);
    decoded = valueOf(copy, key);
    if (memo.size >= MEMO_ENTRIES) memo.clear(); // bounded; refills with what repeats
    memo.set(copy, decoded);
  }
  return decoded;
}
