import { z } from 'zod';

import { EVENT_KINDS } from '../../core/calendar/event';
import type { HistorySnapshot } from '../../core/history/snapshot';

const series = z
  .object({
    name: z.string().min(1),
    labels: z.record(z.string(), z.string()),
    times: z.array(z.number()),
    values: z.array(
      z
        .number()
        .nullable()
        .transform((v) => v ?? Number.NaN)
    ),
  })
  .refine((s) => s.times.length === s.values.length, { message: 'times and values differ in length' });

const event = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(EVENT_KINDS),
  start: z.number(),
  end: z.number(),
  timeZone: z.string(),
  expectedPeak: z.number().optional(),
  region: z.string().optional(),
  notes: z.string().optional(),
});

/** What the preview accepts from `GET /api/v1/history`, checked once where it enters the page. */
export const historySnapshotSchema = z.object({
  now: z.number(),
  series: z.array(series),
  events: z.array(event),
  timeScale: z.number().positive().optional(),
  forecastAt: z.number().optional(),
});

export function parseSnapshot(json: unknown): { snapshot: HistorySnapshot } | { error: string } {
  const parsed = historySnapshotSchema.safeParse(json);
  if (parsed.success) {
    return { snapshot: parsed.data };
  }
  const first = parsed.error.issues[0];
  return { error: `${first?.path.join('.') || 'snapshot'}: ${first?.message ?? 'invalid'}` };
}
