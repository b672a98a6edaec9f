import { z } from 'zod';

/** Bounds on the values we keep: longer ones are cut, never stored or echoed whole. */
export const MAX_SID_CHARS = 128;
export const MAX_CID_CHARS = 256;
export const MAX_URL_CHARS = 2048;
const MAX_TOKEN_CHARS = 16;

const cut = (max: number) => z.string().transform((s) => (s.length > max ? s.slice(0, max) : s));
const int = z.number().int();

/**
 * The CMCD keys Launchday reads, checked after decoding. Unknown keys (other v2 keys, custom `x-y`
 * keys, future ones) are dropped by the object schema; a known key with the wrong type fails the line.
 */
export const cmcdReportSchema = z.object({
  sid: cut(MAX_SID_CHARS).optional(),
  cid: cut(MAX_CID_CHARS).optional(),
  /** Event type (v2 event mode): `t` interval, `ps` play state, `rr` response received, `e` error… */
  e: cut(MAX_TOKEN_CHARS).optional(),
  /** Player state (v2): s p k r a w e f q d. */
  sta: cut(MAX_TOKEN_CHARS).optional(),
  /** Buffer starvation (v1 and v2 requests). */
  bs: z.boolean().optional(),
  /** Object type: m manifest, a audio, v video, av muxed, i init, c caption, tt text, k key, o other. */
  ot: cut(MAX_TOKEN_CHARS).optional(),
  /** Response code of `e=rr`. */
  rc: int.optional(),
  url: cut(MAX_URL_CHARS).optional(),
  cdn: cut(MAX_CID_CHARS).optional(),
  v: int.optional(),
});

export type CmcdReport = z.output<typeof cmcdReportSchema>;

/** The first problem of a failed check, as `key: message`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid CMCD report';
  return `key "${issue.path.join('.')}": ${issue.message}`;
}
