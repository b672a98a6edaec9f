import { z } from 'zod';

/** Bounds on the values we keep: longer ones are cut, never stored or echoed whole. */
export const MAX_SID_CHARS = 128;
export const MAX_CID_CHARS = 256;
export const MAX_URL_CHARS = 2048;
const MAX_TOKEN_CHARS = 16;

/**
 * The CMCD keys Launchday reads, checked after decoding. Unknown keys (other v2 keys, custom `x-y`
 * keys, future ones) are dropped by the object schema; a known key with the wrong type fails the line.
 * Plain types only: zod compiles such an object check into one fast function, which transforms prevent.
 */
export const cmcdReportSchema = z.object({
  sid: z.string().optional(),
  cid: z.string().optional(),
  /** Event type (v2 event mode): `t` interval, `ps` play state, `rr` response received, `e` error… */
  e: z.string().optional(),
  /** Player state (v2): s p k r a w e f q d. */
  sta: z.string().optional(),
  /** Buffer starvation (v1 and v2 requests). */
  bs: z.boolean().optional(),
  /** Object type: m manifest, a audio, v video, av muxed, i init, c caption, tt text, k key, o other. */
  ot: z.string().optional(),
  /** Response code of `e=rr`. */
  rc: z.number().int().optional(),
  url: z.string().optional(),
  cdn: z.string().optional(),
  v: z.number().int().optional(),
  /** When the report was made (v2), epoch ms: orders a session's updates. */
  ts: z.number().optional(),
});

export type CmcdReport = z.output<typeof cmcdReportSchema>;

/** The keys of the schema: the only members worth decoding. */
export const READ_KEYS: ReadonlySet<string> = new Set(Object.keys(cmcdReportSchema.shape));

const LIMITS: Partial<Record<keyof CmcdReport, number>> = {
  sid: MAX_SID_CHARS,
  cid: MAX_CID_CHARS,
  cdn: MAX_CID_CHARS,
  url: MAX_URL_CHARS,
  e: MAX_TOKEN_CHARS,
  sta: MAX_TOKEN_CHARS,
  ot: MAX_TOKEN_CHARS,
};

/** The latest `ts` a report may carry: later ones (a clock gone wrong) are dropped, not trusted. */
const MAX_TS = 8_640_000_000_000_000;

/** Cuts every string value to its bound (in place: the report was just made by the schema). */
export function boundReport(report: CmcdReport): CmcdReport {
  if (report.ts !== undefined) report.ts = report.ts >= 0 && report.ts <= MAX_TS ? Math.round(report.ts) : undefined;
  for (const key in LIMITS) {
    const k = key as keyof CmcdReport;
    const value = report[k];
    const max = LIMITS[k] as number;
    if (typeof value === 'string' && value.length > max) (report as Record<string, unknown>)[k] = value.slice(0, max);
  }
  return report;
}

/** The first problem of a failed check, as `key: message`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid CMCD report';
  return `key "${issue.path.join('.')}": ${issue.message}`;
}
