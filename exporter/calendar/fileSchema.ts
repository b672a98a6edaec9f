import { z } from 'zod';
import { EVENT_KINDS } from '../../core/calendar/event';

/**
 * The YAML/JSON calendar and capacity file. Plain validation only (no transforms), so the same schema
 * is published as JSON Schema in schemas/ for editors; conversion to the model happens after, with
 * the line of each problem.
 */
const LOCAL_OR_OFFSET = '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2})?(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?$';
const WITH_OFFSET = '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})$';
const DURATION = '^(\\d+(\\.\\d+)?(ms|s|m|h|d|w))+$';

const instantText = z
  .string()
  .regex(
    new RegExp(LOCAL_OR_OFFSET),
    'expected a date (2016-09-30), a local time (2017-07-17T03:00) or a time with offset (2020-04-03T09:00+02:00)'
  )
  .describe("A date (all day), a local date-time read in the event's timeZone, or a date-time with an offset or Z.");

export const fileEventSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.:@/-]{1,64}$/, '1-64 letters, digits or _ . : @ / -')
    .describe('Stable id: the merge key across sources and the `event` label.'),
  title: z.string().min(1).max(128).describe('The catalog title, as the exporter labels viewers.'),
  kind: z.enum(EVENT_KINDS),
  start: instantText,
  end: instantText.optional(),
  duration: z
    .string()
    .regex(new RegExp(DURATION), 'a duration such as 90m, 1h30m or 3h')
    .optional()
    .describe('Instead of end: 90m, 1h30m, 3h.'),
  timeZone: z
    .string()
    .min(1)
    .optional()
    .describe("IANA zone of start/end when they carry no offset, and for display. Defaults to the file's timeZone."),
  expectedPeak: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("The planner's expected peak of concurrent viewers."),
  region: z.string().min(1).max(64).optional(),
  notes: z.string().max(2000).optional(),
  sequence: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Revision number: the higher wins when sources disagree (like ICS SEQUENCE).'),
  cancelled: z
    .boolean()
    .optional()
    .describe('A cancelled event removes the same id from every source with a lower sequence.'),
});

export const capacityStepSchema = z.strictObject({
  from: z
    .string()
    .regex(new RegExp(WITH_OFFSET), 'expected a date-time with an offset or Z, e.g. 2024-11-15T19:00:00-05:00'),
  limit: z.number().nonnegative(),
});

export const capacityEntrySchema = z.strictObject({
  resource: z
    .string()
    .regex(/^(viewers|logins|segments(:[A-Za-z0-9_.-]{1,64})?)$/, 'one of viewers, logins, segments, segments:<cdn>')
    .describe('viewers (concurrent), logins (per second), segments (requests per second, platform), segments:<cdn>.'),
  limit: z.number().nonnegative(),
  steps: z.array(capacityStepSchema).optional().describe('Scheduled changes, e.g. a pre-scaled step from one time on.'),
  notes: z.string().max(2000).optional(),
});

export const calendarFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    timeZone: z.string().min(1).optional().describe('Default zone for local times in this file (IANA name).'),
    events: z.array(fileEventSchema).optional(),
    capacity: z.array(capacityEntrySchema).optional(),
  })
  .describe('Launchday calendar and capacity file');

export type CalendarFile = z.output<typeof calendarFileSchema>;
export type FileEvent = z.output<typeof fileEventSchema>;

/** The JSON Schema committed as schemas/launchday-calendar.schema.json (a test keeps them equal). */
export function calendarFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(calendarFileSchema, { target: 'draft-2020-12' }),
    $id: 'https://launchday.dev/schemas/launchday-calendar.schema.json',
    title: 'Launchday calendar and capacity',
  };
}
