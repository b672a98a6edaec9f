import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Point } from '../core/forecast';
import { parseStamp } from './zonedTime';
import { parseYoutubeLive } from './youtubeLive';

export interface ParsedFile {
  /** One series per id ('' for a file that holds one series). */
  series: Map<string, Point[]>;
  /** Lines that could not be read: counted and shown, never silently dropped. */
  rejected: { line: number; text: string }[];
}

const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, '$1');

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

/**
 * Reads the shared formats: the hourly Steam file (AppID,Date,AvgPlayers: many series by #AppID),
 * two-column time,value CSVs (SteamDB with its UTF-8 BOM, OSRS in local time, NAB), and YouTube
 * live JSON. Timestamps are UTC unless a zone is given.
 */
export function parseSeriesText(text: string, fileName: string, timeZone = 'UTC'): ParsedFile {
  if (extname(fileName).toLowerCase() === '.json') return parseYoutubeLive(text, basename(fileName));
  const lines = splitLines(text);
  const header = (lines[0] ?? '').split(',').map(unquote);
  const series = new Map<string, Point[]>();
  const rejected: ParsedFile['rejected'] = [];
  const multi = header.length >= 3 && /^appid$/i.test(header[0] ?? '');
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const cells = raw.split(',').map(unquote);
    const [id, stamp, value] = multi ? cells : ['', cells[0], cells[1]];
    const t = stamp === undefined ? undefined : parseStamp(stamp, timeZone);
    const v = value === undefined || value === '' ? NaN : Number(value);
    if (t === undefined || !Number.isFinite(v) || id === undefined) {
      rejected.push({ line: i + 1, text: raw.slice(0, 120) });
      continue;
    }
    let points = series.get(id);
    if (!points) series.set(id, (points = []));
    points.push({ t, v });
  }
  for (const points of series.values()) points.sort((a, b) => a.t - b.t);
  return { series, rejected };
}

export function readSeriesFile(path: string, timeZone = 'UTC'): ParsedFile {
  return parseSeriesText(readFileSync(path, 'utf8'), path, timeZone);
}
