import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readEventsFile, type BacktestEvent } from './eventsFile';

const MIN = 60_000;

/**
 * The events templates are derived from: the folder's events.csv, plus its YouTube live streams as
 * "live" (none is in events.csv). A stream's T0 is 10 min after its first poll, so that poll is its baseline.
 */
export function derivationEvents(dir: string): BacktestEvent[] {
  const events: BacktestEvent[] = [...readEventsFile(join(dir, 'events.csv'))];
  const ytDir = join(dir, 'youtube-live');
  if (existsSync(ytDir)) {
    for (const name of readdirSync(ytDir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const start = Number(/_(\d{9,11})\.json$/.exec(name)?.[1]) * 1000;
      if (Number.isFinite(start))
        events.push({ file: `youtube-live/${name}`, id: '', t0: start + 10 * MIN, kind: 'live', label: name });
    }
  }
  return events;
}
