import { z } from 'zod';
import type { ParsedFile } from './seriesFile';

const YoutubeLive = z.object({
  interval: z.number().positive(),
  data: z.object({ concurrentViewers: z.array(z.number().nullable()) }),
});

/**
 * YouTube live polls: `interval` seconds apart, starting at the Unix time in the file name's last
 * field (e.g. 2021-04-20_rqSxHrplZ34_1618877409.json).
 */
export function parseYoutubeLive(text: string, fileName: string): ParsedFile {
  const start = Number(/_(\d{9,11})\.json$/i.exec(fileName)?.[1]);
  if (!Number.isFinite(start)) throw new Error(`${fileName}: no start time (Unix seconds) at the end of the file name`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${fileName}: not JSON (${(err as Error).message})`);
  }
  const parsed = YoutubeLive.safeParse(json);
  if (!parsed.success) throw new Error(`${fileName}: not a YouTube live poll file: ${z.prettifyError(parsed.error)}`);
  const { interval, data } = parsed.data;
  const points = [];
  const rejected: ParsedFile['rejected'] = [];
  for (const [i, v] of data.concurrentViewers.entries()) {
    if (v === null || !Number.isFinite(v)) rejected.push({ line: i, text: `concurrentViewers[${i}] = ${String(v)}` });
    else points.push({ t: (start + i * interval) * 1000, v });
  }
  return { series: new Map([['', points]]), rejected };
}
