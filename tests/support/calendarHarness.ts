// A calendar service on temp files with a fixed clock, its logs and its registry, for calendar tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { calendarConfigSchema, createCalendarService, type CalendarConfigInput } from '../../exporter/calendar';

export function calendarHarness(section: (dir: string) => CalendarConfigInput, now: number) {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-cal-'));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const titles: string[][] = [];
  const registry = new Registry();
  const service = createCalendarService({
    config: calendarConfigSchema.parse(section(dir)),
    logger: pino({ level: 'debug' }, sink),
    registry,
    onTitles: (t) => titles.push(t),
    now: () => now,
  });
  const metric = async (name: string) => (await registry.getSingleMetric(name)!.get()).values;
  const cleanup = () => {
    service.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, logs, titles, registry, service, metric, cleanup };
}
