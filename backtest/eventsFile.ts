import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ForecastKind } from '../core/forecast';

export interface BacktestEvent {
  /** Path relative to DIR, without the #ID. */
  file: string;
  /** Series id inside a multi-series file ('' when none). */
  id: string;
  t0: number;
  kind: ForecastKind;
  /** The row as written, for messages and tables. */
  label: string;
}

const Row = z.object({
  series: z.string().min(1),
  t0_utc: z.iso.datetime({ offset: true }),
  kind: z.enum(['premiere', 'episode', 'live', 'rebroadcast', 'relogin']),
});

/** The backtest's events CSV: header `series,t0_utc,kind`. Every bad row is reported, with its line. */
export function parseEventsCsv(text: string, source = 'events file'): BacktestEvent[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((c) => c.trim());
  if (header.join(',') !== 'series,t0_utc,kind') {
    throw new Error(`${source}: header must be "series,t0_utc,kind", got "${lines[0] ?? ''}"`);
  }
  const events: BacktestEvent[] = [];
  const problems: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (!raw) continue;
    const [series, t0_utc, kind] = raw.split(',').map((c) => c.trim());
    const row = Row.safeParse({ series, t0_utc, kind });
    if (!row.success) {
      problems.push(`line ${i + 1}: ${row.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      continue;
    }
    const hash = row.data.series.lastIndexOf('#');
    events.push({
      file: hash >= 0 ? row.data.series.slice(0, hash) : row.data.series,
      id: hash >= 0 ? row.data.series.slice(hash + 1) : '',
      t0: Date.parse(row.data.t0_utc),
      kind: row.data.kind,
      label: `${row.data.series}@${row.data.t0_utc}`,
    });
  }
  if (problems.length) throw new Error(`${source}: ${problems.length} bad row(s)\n  ${problems.join('\n  ')}`);
  return events;
}

export function readEventsFile(path: string): BacktestEvent[] {
  return parseEventsCsv(readFileSync(path, 'utf8'), path);
}
