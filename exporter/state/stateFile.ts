import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { z } from 'zod';
import { SessionState } from './sessionTable';
import type { TelemetryState } from './telemetryState';

/**
 * The session table across restarts: NDJSON with a header and a trailer that carries the count, so a
 * torn write is detected. Written to a temporary file, fsynced, then renamed over the old one.
 */
const FORMAT = 'launchday-sessions/1';

const headerSchema = z.object({ format: z.literal(FORMAT), savedAt: z.number() });
const trailerSchema = z.object({ end: z.literal(true), count: z.number().int().nonnegative() });
const recordSchema = z.tuple([
  z.string().min(1).max(256), // sid
  z.array(z.string().max(128)).length(4), // title, cdn, region, device
  z.union([z.literal(SessionState.Playing), z.literal(SessionState.Buffering), z.literal(SessionState.Paused)]),
  z.number().positive(), // weight
  z.number(), // expiresAt, epoch ms
]);

export async function saveSessions(state: TelemetryState, path: string, now = Date.now()): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(temp, { encoding: 'utf8' });
  out.write(JSON.stringify({ format: FORMAT, savedAt: now }) + '\n');
  let count = 0;
  const tuples = state.viewerLabels.tuples;
  for (const r of state.sessions.records()) {
    if (r.expiresAt <= now) continue;
    const line = JSON.stringify([r.sid, tuples[r.labelSet], r.state, r.weight, r.expiresAt]) + '\n';
    if (!out.write(line)) await once(out, 'drain');
    count++;
  }
  out.end(JSON.stringify({ end: true, count }) + '\n');
  await once(out, 'finish');
  const handle = await open(temp, 'r');
  await handle.sync();
  await handle.close();
  await rename(temp, path);
  return count;
}

export type RestoreResult = { restored: number; expired: number } | { error: string };

/** Restores the sessions still within their TTL; a missing file is no error, a bad one is reported. */
export async function restoreSessions(state: TelemetryState, path: string, now = Date.now()): Promise<RestoreResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { restored: 0, expired: 0 };
    return { error: `cannot read ${path}: ${(err as Error).message}` };
  }
  const lines = text.split('\n').filter((l) => l !== '');
  const records: z.infer<typeof recordSchema>[] = [];
  try {
    headerSchema.parse(JSON.parse(lines[0] ?? ''));
    const trailer = trailerSchema.parse(JSON.parse(lines[lines.length - 1] ?? ''));
    for (let i = 1; i < lines.length - 1; i++) records.push(recordSchema.parse(JSON.parse(lines[i]!)));
    if (records.length !== trailer.count)
      throw new Error(`trailer says ${trailer.count} sessions, found ${records.length}`);
  } catch (err) {
    return { error: `${path} is torn or corrupt, ignored: ${(err as Error).message.split('\n')[0]}` };
  }
  let restored = 0;
  let expired = 0;
  const g = state.guard;
  for (const [sid, [title, cdn, region, device], sessionState, weight, expiresAt] of records) {
    if (expiresAt <= now) {
      expired++;
      continue;
    }
    // Labels go through the guard again: the catalog or allow-lists may have changed since.
    const labelSet = state.viewerLabels.idOf([
      g.title(title!),
      keep(cdn!, (v) => g.dimension('cdn', v)),
      keep(region!, (v) => g.dimension('region', v)),
      keep(device!, (v) => g.dimension('device', v)),
    ]);
    // A clock jump or a hand-edited file must not restore sessions that never expire.
    const until = Math.min(expiresAt, now + state.sessions.ttlMs);
    const outcome = state.sessions.restore({ sid, labelSet, state: sessionState, weight, expiresAt: until });
    if (outcome === 'applied') restored++;
  }
  return { restored, expired };
}

const keep = (value: string, guard: (v: string) => string) => (value === 'unknown' ? value : guard(value));
