import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { columnOffsets, SessionState } from './sessionTable';
import { MAX_WEIGHT_UNITS } from './sessionWeight';
import type { TelemetryState } from './telemetryState';

/**
 * The session table across restarts: a JSON header line, the table's rows in binary blocks (hashes,
 * never ids, so the table's seed travels in the header), a zero-length block, and a JSON trailer with
 * the count and the label sets the rows refer to, so a torn write is detected. Written in short
 * row blocks (the event loop keeps turning) to a temporary file, fsynced, then renamed over the old one.
 */
const FORMAT = 'launchday-sessions/2';
/**
 * Rows per block, so per slice of a save: the loop turns between blocks (each write is awaited). At
 * 1M sessions (a checkpoint every heartbeat interval) 65,536 rows took 4-30 ms to gather on the shared
 * 2-core machine (19 ms cold), which showed inside the soak's stalls; 16,384 rows (0.5 MB) take
 * 0.5-1.5 ms warm (up to 5 ms there, load 3-4).
 */
export const BLOCK_ROWS = 16_384;
/** The largest block a file may hold: files written with 65,536-row blocks still restore. */
const MAX_BLOCK_ROWS = 65_536;

const seedSchema = z.strictObject({
  a: z.number().int().min(0).max(0xffffffff),
  b: z.number().int().min(0).max(0xffffffff),
});
const headerSchema = z.strictObject({ format: z.literal(FORMAT), savedAt: z.number(), seed: seedSchema });
const trailerSchema = z.strictObject({
  end: z.literal(true),
  count: z.number().int().nonnegative(),
  labelSets: z.array(z.array(z.string().max(128)).length(4)),
});

export type SaveResult = { saved: number } | { error: string; lost: number };

/** Writes the live sessions; a failure removes its partial file and says how many sessions it lost. */
export async function saveSessions(state: TelemetryState, path: string, now = Date.now()): Promise<SaveResult> {
  const temp = `${path}.${process.pid}.tmp`;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    await mkdir(dirname(path), { recursive: true });
    handle = await open(temp, 'w');
    const table = state.sessions;
    await handle.write(JSON.stringify({ format: FORMAT, savedAt: now, seed: table.seed }) + '\n');
    let count = 0;
    // Rows may move between blocks (ingestion goes on): a session can be missed or saved twice, and
    // the restore keeps one copy; a missed one comes back with its next heartbeat.
    for (let from = 0; from < table.span; from += BLOCK_ROWS) {
      const block = table.exportRows(from, BLOCK_ROWS);
      count += block.readUInt32LE(0);
      await handle.write(block);
    }
    const terminator = Buffer.alloc(4);
    await handle.write(terminator);
    const labelSets = state.viewerLabels.tuples;
    await handle.write(JSON.stringify({ end: true, count, labelSets }) + '\n');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
    return { saved: count };
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    return { error: `cannot save sessions to ${path}: ${(err as Error).message}`, lost: state.sessions.size };
  }
}

export type RestoreResult =
  { restored: number; expired: number; stale: number } | { error: string; restored: 0; unrestored: number };

/**
 * Restores the sessions still within their TTL, once: the file is first moved aside (to `.restored`),
 * and one that cannot be moved (a read-only directory) is not restored, since every later start would
 * count its sessions again. A missing file is no error; a torn or corrupt one is reported.
 */
export async function restoreSessions(state: TelemetryState, path: string, now = Date.now()): Promise<RestoreResult> {
  let bytes: Buffer;
  const retired = `${path}.restored`;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { restored: 0, expired: 0, stale: 0 };
    return { error: `cannot read ${path}: ${(err as Error).message}`, restored: 0, unrestored: 0 };
  }
  let parsed: ParsedFile;
  try {
    parsed = parseFile(bytes);
  } catch (err) {
    await rename(path, `${path}.corrupt`).catch(() => undefined);
    return {
      error: `${path} is torn or corrupt, ignored: ${(err as Error).message.split('\n')[0]}`,
      restored: 0,
      unrestored: 0,
    };
  }
  try {
    await rename(path, retired);
  } catch (err) {
    return {
      error: `${path} cannot be moved aside (${(err as Error).message}), so it is not restored: its ${parsed.count} sessions would be counted again at every start`,
      restored: 0,
      unrestored: parsed.count,
    };
  }
  return applyRows(state, parsed, now);
}

interface ParsedFile {
  seed: { a: number; b: number };
  count: number;
  blocks: Buffer[];
  labelSets: string[][];
}

function parseFile(bytes: Buffer): ParsedFile {
  const headerEnd = bytes.indexOf(0x0a);
  if (headerEnd < 0) throw new Error('no header');
  const header = headerSchema.parse(JSON.parse(bytes.subarray(0, headerEnd).toString('utf8')));
  const blocks: Buffer[] = [];
  let at = headerEnd + 1;
  let rows = 0;
  for (;;) {
    if (at + 4 > bytes.length) throw new Error('cut inside the rows');
    const n = bytes.readUInt32LE(at);
    if (n === 0) break;
    const end = at + 4 + columnOffsets(n).end - 4;
    if (end > bytes.length || n > MAX_BLOCK_ROWS) throw new Error('a block runs past the end');
    blocks.push(bytes.subarray(at, end));
    rows += n;
    at = end;
  }
  const trailerText = bytes
    .subarray(at + 4)
    .toString('utf8')
    .trim();
  const trailer = trailerSchema.parse(JSON.parse(trailerText));
  if (trailer.count !== rows) throw new Error(`trailer says ${trailer.count} sessions, found ${rows}`);
  return { seed: header.seed, count: rows, blocks, labelSets: trailer.labelSets };
}

function applyRows(state: TelemetryState, file: ParsedFile, now: number): RestoreResult {
  const table = state.sessions;
  // The hashes are the file's: an empty table takes its seed (restore runs before ingestion starts).
  if (table.size === 0) table.seed = file.seed;
  const sameSeed = table.seed.a === file.seed.a && table.seed.b === file.seed.b;
  const g = state.guard;
  // Labels go through the guard again: the catalog or allow-lists may have changed since.
  // The file keeps each label set as a tuple in ViewerLabelSets' order: title, cdn, region, device.
  const labelSetIds = file.labelSets.map(([title, cdn, region, device]) =>
    state.viewerLabels.idOfLabels({
      title: g.title(title!),
      cdn: keep(cdn!, (v) => g.dimension('cdn', v)),
      region: keep(region!, (v) => g.dimension('region', v)),
      device: keep(device!, (v) => g.dimension('device', v)),
    })
  );
  let restored = 0;
  let expired = 0;
  let stale = 0;
  for (const block of file.blocks) {
    for (const record of readRows(block)) {
      const labelSet = labelSetIds[record.labelSet];
      const valid =
        sameSeed &&
        labelSet !== undefined &&
        record.state >= SessionState.Playing &&
        record.state <= SessionState.Ended &&
        Number.isInteger(record.weightUnits) &&
        record.weightUnits >= 1 &&
        record.weightUnits <= MAX_WEIGHT_UNITS &&
        Number.isFinite(record.lastEventAt);
      if (!valid) {
        stale++;
        continue;
      }
      const outcome = table.restore({ ...record, labelSet }, now);
      if (outcome === 'applied') restored += record.state === SessionState.Ended ? 0 : 1;
      else if (record.lastEventAt + table.ttlMs <= now) expired++;
      else stale++;
    }
  }
  return { restored, expired, stale };
}

function* readRows(block: Buffer) {
  const n = block.readUInt32LE(0);
  const cols = columnOffsets(n);
  for (let i = 0; i < n; i++) {
    yield {
      hashLow: block.readUInt32LE(cols.hashLow + 4 * i),
      hashHigh: block.readUInt32LE(cols.hashHigh + 4 * i),
      lastEventAt: block.readDoubleLE(cols.lastEventAt + 8 * i),
      weightUnits: block.readDoubleLE(cols.weight + 8 * i),
      labelSet: block.readUInt32LE(cols.labelSet + 4 * i),
      state: block.readUInt8(cols.state + i) as SessionState,
    };
  }
}

const keep = (value: string, guard: (v: string) => string) => (value === 'unknown' ? value : guard(value));
