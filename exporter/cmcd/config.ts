import { z } from 'zod';
import { parseConfigSection } from '../config/configSection';

const label = z.string().min(1).max(256);

/**
 * The `cmcd:` section of the exporter configuration. Everything is optional: without it, `cid` is the
 * title as sent (still behind the title guard) and only same-origin players can post.
 */
export const cmcdConfigSchema = z.strictObject({
  /** `cid` → title, for players and CDNs that send an asset id rather than the catalog's title. */
  titles: z.record(z.string().min(1).max(1024), z.string().min(1).max(1024)).default({}),
  /** Page origins allowed to post player reports (`https://www.example.tv`); `*` allows any. */
  allowOrigins: z.array(z.string().min(1).max(512)).default([]),
  players: z
    .strictObject({
      /** CDN label for player reports that carry no `cdn` key and no host in `cdnHosts`. */
      cdn: label.optional(),
      /** Device label for player sessions (CMCD has no device key); browsers are usually `web`. */
      device: label.optional(),
      bodyLimitBytes: z
        .number()
        .int()
        .positive()
        .max(16 * 1024 * 1024)
        .default(64 * 1024),
    })
    .prefault({}),
  /** Host name of a segment URL → CDN label, for `e=rr` reports and log lines. */
  cdnHosts: z.record(z.string().min(1).max(256), label).default({}),
  logs: z
    .strictObject({
      /** CDN label for log lines when the shipper does not name one (`?cdn=` on /v1/cdn-logs). */
      cdn: label.default('origin'),
    })
    .prefault({}),
});

export type CmcdConfig = z.output<typeof cmcdConfigSchema>;
export type CmcdConfigInput = z.input<typeof cmcdConfigSchema>;

/** The parsed section, or an error naming each bad key as `cmcd.path: message`. */
export function parseCmcdConfig(section: unknown): CmcdConfig {
  return parseConfigSection('cmcd', cmcdConfigSchema, section);
}
