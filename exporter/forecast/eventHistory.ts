import { promises as fs } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { z } from 'zod';
import type { PastEvent } from '../../core/forecast';

const KINDS = ['premiere', 'episode', 'live', 'rebroadcast', 'relogin'] as const;

export const EventRecord = z.object({
  id: z.string().min(1),
  title: z.string(),
  kind: z.enum(KINDS),
  t0: z.number(),
  end: z.number(),
  baseline: z.number().nonnegative(),
  observedPeak: z.number().nonnegative(),
  expectedPeak: z.number().positive().optional(),
  /** The observed curve, downsampled: [epoch ms, viewers]. */
  curve: z.array(z.tuple([z.number(), z.number()])).max(1000),
});
export type EventRecord = z.infer<typeof EventRecord>;

const HistoryFile = z.object({ version: z.literal(1), events: z.array(EventRecord) });

/** Events kept: the reference class needs dozens, not thousands. */
export const MAX_EVENTS = 500;
/** Points kept per curve. */
export const CURVE_POINTS = 240;

export type LoadResult = { records: EventRecord[]; problem?: string };

/**
 * Reads the event-history file. A missing file is an empty history; an unreadable one is moved aside
 * (`<file>.corrupt-<ms>`), never overwritten, and reported.
 */
export async function loadEventHistory(path: string, now = Date.now()): Promise<LoadResult> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [] };
    return { records: [], problem: `cannot read ${path}: ${(err as Error).message}` };
  }
  let problem: string | undefined;
  try {
    const parsed = HistoryFile.safeParse(JSON.parse(text));
    if (parsed.success) return { records: parsed.data.events.slice(-MAX_EVENTS) };
    problem = z.prettifyError(parsed.error);
  } catch (err) {
    problem = `not JSON: ${(err as Error).message}`;
  }
  const aside = `${path}.corrupt-${now}`;
  await fs.rename(path, aside).catch(() => undefined);
  return { records: [], problem: `${path} is not an event history (${problem}); kept as ${basename(aside)}` };
}

/** Atomic: write a temporary file beside the target, then rename it over the target. */
export async function saveEventHistory(path: string, records: readonly EventRecord[]): Promise<void> {
  const body = JSON.stringify({ version: 1, events: records.slice(-MAX_EVENTS) });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  await fs.mkdir(dirname(path), { recursive: true });
  try {
    await fs.writeFile(temp, body, 'utf8');
    await fs.rename(temp, path);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Keep at most `max` points, each the mean of its share of the curve. */
export function downsample(points: readonly { t: number; v: number }[], max = CURVE_POINTS): [number, number][] {
  if (points.length <= max) return points.map((p) => [p.t, p.v]);
  const out: [number, number][] = [];
  const per = points.length / max;
  for (let i = 0; i < max; i++) {
    const slice = points.slice(Math.floor(i * per), Math.floor((i + 1) * per));
    if (!slice.length) continue;
    const mid = slice[Math.floor(slice.length / 2)] as { t: number };
    out.push([mid.t, slice.reduce((a, p) => a + p.v, 0) / slice.length]);
  }
  return out;
}

export const toPastEvent = (r: EventRecord): PastEvent => ({
  kind: r.kind,
  baseline: r.baseline,
  observedPeak: r.observedPeak,
  expectedPeak: r.expectedPeak,
});
