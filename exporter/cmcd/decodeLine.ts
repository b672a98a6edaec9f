import { decodeCmcd } from '@svta/cml-cmcd';
import { cmcdReportSchema, describeIssue, type CmcdReport } from './cmcdReport';

/** Longer lines are refused before decoding, so one line cannot cost unbounded CPU. */
export const MAX_LINE_CHARS = 16 * 1024;

export type Decoded = { report: CmcdReport } | { error: string };

/**
 * One CMCD payload (`key=value,...`: an event-mode line, a decoded `CMCD=` query value, or header
 * shards joined by commas) to a checked report.
 */
export function decodeCmcdLine(line: string): Decoded {
  if (line.length > MAX_LINE_CHARS) return { error: `line longer than ${MAX_LINE_CHARS} characters` };
  let data: unknown;
  try {
    data = decodeCmcd(line);
  } catch (err) {
    return { error: `not a CMCD payload: ${(err as Error).message.slice(0, 200)}` };
  }
  const parsed = cmcdReportSchema.safeParse(data);
  return parsed.success ? { report: parsed.data } : { error: describeIssue(parsed.error) };
}
