import { z } from 'zod';
import { EVENT_KINDS } from '../../core/calendar/event';
import { parseDuration } from '../../core/calendar/duration';
import { isKnownTimeZone } from '../../core/calendar/wallTime';

/** `7d`, `30m`, `1h30m` in the YAML config, milliseconds inside. */
const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a duration: "${text}" (use e.g. 90s, 30m, 1h30m, 7d)` });
    return z.NEVER;
  }
  return ms;
});

const sourceName = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'a source name is 1-64 letters, digits, _ . : or -; it becomes a label value');

/**
 * How a source's events get their kind when their CATEGORIES name none (sports schedules carry no
 * CATEGORIES at all): the source's own `defaultKind`, and its `kinds` words on top of the calendar's.
 */
const kindSettings = {
  defaultKind: z.enum(EVENT_KINDS).optional(),
  kinds: z.record(z.string(), z.enum(EVENT_KINDS)).optional(),
};

const fileSource = z.strictObject({ name: sourceName, file: z.string().min(1), ...kindSettings });

const urlSource = z.strictObject({
  name: sourceName,
  ...kindSettings,
  /** A secret (Google's secret address works like a password): never logged, exported or returned. */
  url: z.url({ protocol: /^https?$/ }),
  /** Poll interval when the calendar states no REFRESH-INTERVAL / X-PUBLISHED-TTL. */
  refreshInterval: duration.default(300_000),
  /** Floor for a calendar's own REFRESH-INTERVAL, so a publisher cannot make us hammer it. */
  minRefreshInterval: duration.default(60_000),
  timeout: duration.default(10_000),
  /** Extra request headers (e.g. Authorization); secret like the URL. */
  headers: z.record(z.string(), z.string()).default({}),
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
});

/** Events anchored on the exporter's start, so the demo's next premiere is minutes away. */
const demoSource = z.strictObject({
  name: sourceName,
  demo: z.strictObject({ firstStartsIn: duration.default(300_000) }).default({ firstStartsIn: 300_000 }),
});

const capacitySource = z.union([
  z
    .string()
    .min(1)
    .transform((file) => ({ name: 'capacity', file })),
  z.strictObject({ name: sourceName.default('capacity'), file: z.string().min(1) }),
]);

const timeZone = z.string().refine(isKnownTimeZone, { message: 'unknown IANA time zone' });

export const calendarConfigSchema = z
  .strictObject({
    sources: z.array(z.union([fileSource, urlSource, demoSource])).default([]),
    capacity: capacitySource.optional(),
    window: z
      .strictObject({ lookBehind: duration.default(7 * 86_400_000), lookAhead: duration.default(30 * 86_400_000) })
      .default({ lookBehind: 7 * 86_400_000, lookAhead: 30 * 86_400_000 }),
    /** CATEGORIES word -> kind, on top of the defaults (premiere, drop, live, sports, replay, ...). */
    kinds: z.record(z.string(), z.enum(EVENT_KINDS)).default({}),
    /** Kind of an event whose categories name none. */
    defaultKind: z.enum(EVENT_KINDS).default('episode'),
    /** Zone of floating and all-day ICS times and of YAML local times without a zone of their own. */
    timeZone: timeZone.default('UTC'),
    /** Re-expand recurrences this often, so the window keeps moving in a long-running exporter. */
    reexpandInterval: duration.default(6 * 3_600_000),
    /** Each calendar event in the window is four series: these bound them (docs/security.md). */
    limits: z
      .strictObject({
        /** A series with more occurrences in the window is left out, reported on its RRULE line. */
        maxOccurrencesPerSeries: z.number().int().positive().max(1_000_000).default(1000),
        /** A source with more events in the window is refused; its last good version stays. */
        maxEventsPerSource: z.number().int().positive().max(1_000_000).default(5000),
        /** Past this many events in the window (all sources), the latest are not exported. */
        maxEvents: z.number().int().positive().max(1_000_000).default(5000),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.sources.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: `duplicate source name "${s.name}"` });
      seen.add(s.name);
    });
    if (config.capacity && seen.has(config.capacity.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['capacity', 'name'],
        message: `capacity name "${config.capacity.name}" is already a source name`,
      });
    }
  });

/** What the lead's config loader hands over after parsing the `calendar:` section. */
export type CalendarConfig = z.output<typeof calendarConfigSchema>;
export type CalendarConfigInput = z.input<typeof calendarConfigSchema>;
export type CalendarSourceConfig = CalendarConfig['sources'][number];
export type UrlSourceConfig = z.output<typeof urlSource>;
