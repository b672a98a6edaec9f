import { decodeCmcd } from '@svta/cml-cmcd';
import { boundReport, cmcdReportSchema, describeIssue, READ_KEYS, type CmcdReport } from './cmcdReport';
import { detachedString } from './detachedString';
import { dictMembers, memberKey } from './dictMembers';

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
const memo = new Map<string, Record<string, unknown>>();

/**
 * One CMCD payload (`key=value,...`: an event-mode line, a decoded `CMCD=` query value, or header
 * shards joined by commas) to a checked report. Every key must be a valid key; only the values of the
 * keys Launchday reads are decoded (by @svta/cml-cmcd) and checked, the others are ignored.
 */
export function decodeCmcdLine(line: string): Decoded {
  if (line.length > MAX_LINE_CHARS) return { error: `line longer than ${MAX_LINE_CHARS} characters` };
  if (line.trim() === '') return { report: {} };
  const split = dictMembers(line);
  if ('error' in split) return { error: `not a CMCD payload: ${split.error}` };
  const data: Record<string, unknown> = {};
  const rest: string[] = [];
  try {
    for (const member of split.members) {
      const key = memberKey(member);
      if (key === undefined) return { error: `not a CMCD payload: bad key in "${member.slice(0, 40)}"` };
      if (!READ_KEYS.has(key)) continue;
      if (!REPEATING.has(key)) rest.push(member);
      else Object.assign(data, remembered(member)); // in order, so a repeated key keeps its last value
    }
    if (rest.length) Object.assign(data, decodeCmcd(rest.join(',')));
  } catch (err) {
    return { error: `not a CMCD payload: ${(err as Error).message.slice(0, 200)}` };
  }
  const parsed = cmcdReportSchema.safeParse(data);
  if (!parsed.success) return { error: describeIssue(parsed.error) };
  const report = boundReport(parsed.data);
  // The session table keeps the sid: it must not keep the request body it was cut from.
  if (report.sid !== undefined) report.sid = detachedString(report.sid);
  return { report };
}

function remembered(member: string): Record<string, unknown> {
  if (member.length > MEMO_MEMBER_CHARS) return decodeCmcd(member);
  let decoded = memo.get(member);
  if (decoded === undefined) {
    // Kept by the memo: a copy, never a slice of the body (entries x chars bound it, 4096 x 128).
    const key = detachedString(member);
    decoded = decodeCmcd(key);
    if (memo.size >= MEMO_ENTRIES) memo.clear(); // bounded; refills with what repeats
    memo.set(key, decoded);
  }
  return decoded;
}
