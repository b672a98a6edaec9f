// Fuzz targets that call each parser through its public function, in process: the fastest way to
// reach a million inputs. Each returns normally or throws an Error naming what broke.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { DEFAULT_KIND_MAPPING } from '../../core/calendar/kindMapping';
import { parseCalendarFile } from '../../exporter/calendar/calendarFile';
import { calendarConfigSchema } from '../../exporter/calendar/config';
import { createYielder } from '../../exporter/calendar/cooperativeYield';
import { parseIcs } from '../../exporter/calendar/icsCalendar';
import { cmcdConfigSchema } from '../../exporter/cmcd/config';
import { decodeCmcdLine } from '../../exporter/cmcd/decodeLine';
import { parseNginxCmcdLine } from '../../exporter/cmcd/nginxCmcdLine';
import { parseConfigSection } from '../../exporter/config/configSection';
import { describeIssues } from '../../exporter/config/configIssues';
import { exporterConfigSchema, resolveConfig } from '../../exporter/config/schema';
import { parseBatch } from '../../exporter/ingest/parseBatch';
import { forecastConfigSchema } from '../../exporter/modules/forecastConfig';
import { restoreSessions, saveSessions } from '../../exporter/state/stateFile';
import { TelemetryState } from '../../exporter/state/telemetryState';
import { telemetryLimits } from '../../exporter/config/telemetryLimits';
import { cdnLogLine, cmcdLine, configObject, eventsBody, icsText, yamlText } from './inputs';
import type { StallWindow } from './exporterChild';
import { mutatedBytes } from './mutate';

export interface FuzzTarget<T = unknown> {
  name: string;
  input: fc.Arbitrary<T>;
  /** Share of the run's input budget (the weights sum to 100; slow targets get less). */
  weight: number;
  check(input: T): void | Promise<void>;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  /**
   * Where the target's stalls are measured when its code runs in another process (the HTTP targets:
   * the exporter's own); without it, in this process.
   */
  stalls?: { start(): Promise<void>; stop(): Promise<StallWindow> };
}

const range = { from: Date.parse('2024-06-01T00:00:00Z'), to: Date.parse('2026-06-01T00:00:00Z') };

function located(list: readonly { source: string; message: string; line?: number }[], lines: number): void {
  for (const e of list) {
    if (typeof e.message !== 'string' || e.message === '')
      throw new Error(`an error without a message: ${JSON.stringify(e)}`);
    if (e.line !== undefined && !(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines + 1))
      throw new Error(`error line ${e.line} is outside the file's ${lines} lines`);
  }
}

const ics: FuzzTarget<string> = {
  name: 'ICS calendar (parseIcs)',
  input: icsText,
  weight: 5,
  async check(text) {
    const r = await parseIcs(text, {
      source: 'fuzz.ics',
      range,
      kinds: DEFAULT_KIND_MAPPING,
      defaultKind: 'episode',
      timeZone: 'UTC',
      maxOccurrences: 1000,
      yielder: createYielder(), // as the exporter parses: sharing the loop
    });
    located([...r.errors, ...r.skipped], text.split(/\r\n|\n|\r/).length);
    for (const { event } of r.events)
      if (!(Number.isFinite(event.start) && event.end >= event.start))
        throw new Error(`bad event times ${JSON.stringify(event)}`);
  },
};

const yaml: FuzzTarget<string> = {
  name: 'YAML/JSON calendar (parseCalendarFile)',
  input: yamlText,
  weight: 1,
  async check(text) {
    const r = await parseCalendarFile(text, { source: 'fuzz.yaml', timeZone: 'UTC', yielder: createYielder() });
    located([...r.errors, ...r.skipped], text.split(/\r\n|\n|\r/).length);
  },
};

const sections: [string, (value: unknown) => unknown][] = [
  ['calendar', (v) => parseConfigSection('calendar', calendarConfigSchema, v)],
  ['forecast', (v) => parseConfigSection('forecast', forecastConfigSchema, v)],
  ['cmcd', (v) => parseConfigSection('cmcd', cmcdConfigSchema, v)],
];

const config: FuzzTarget<unknown> = {
  name: 'exporter configuration (resolveConfig, module sections)',
  input: configObject,
  weight: 10,
  check(value) {
    try {
      const resolved = resolveConfig(value);
      for (const [name, parse] of sections) {
        try {
          parse((resolved as Record<string, unknown>)[name]);
        } catch (e) {
          if (!(e instanceof Error && e.message.startsWith(`invalid ${name} configuration: ${name}`))) throw e;
        }
      }
    } catch (e) {
      if (!(e instanceof z.ZodError)) throw e;
      const lines = describeIssues(exporterConfigSchema, e.issues);
      if (lines.length === 0 || lines.some((l) => !l.includes(': ')))
        throw new Error(`unclear config error: ${JSON.stringify(lines)}`);
    }
  },
};

const batch: FuzzTarget<{ contentType: string; body: string }> = {
  name: 'event batches (parseBatch, JSON and NDJSON)',
  input: eventsBody,
  weight: 15,
  check({ contentType, body }) {
    const r = parseBatch(body, contentType.includes('ndjson') ? 'ndjson' : 'json');
    if (r.events.length !== r.lines.length) throw new Error('events and their lines differ in number');
    if (r.errors.length > r.errorCount) throw new Error('more listed errors than counted');
  },
};

const cmcd: FuzzTarget<string> = {
  name: 'CMCD payload lines (decodeCmcdLine)',
  input: cmcdLine,
  weight: 30,
  check(line) {
    const r = decodeCmcdLine(line);
    if (!('report' in r) && typeof r.error !== 'string') throw new Error('neither a report nor an error');
  },
};

const cdnLog: FuzzTarget<string> = {
  name: 'CDN access-log lines (parseNginxCmcdLine)',
  input: cdnLogLine,
  weight: 30,
  check(line) {
    const r = parseNginxCmcdLine(line);
    if ('request' in r && !Number.isFinite(r.request.at))
      throw new Error(`non-finite time from ${JSON.stringify(line)}`);
  },
};

/** A real saved state file, damaged, restored into a fresh table. */
function stateFileTarget(): FuzzTarget<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-fuzz-state-'));
  const path = join(dir, 'sessions.state');
  const limits = telemetryLimits(resolveConfig({ catalog: ['Luke Cage'], maxSessions: 1000 }));
  let saved = Buffer.alloc(0);
  let original = 0;
  const target: FuzzTarget<Buffer> = {
    name: 'state file (restoreSessions)',
    input: fc.constant(Buffer.alloc(0)),
    weight: 2,
    async setup() {
      const state = new TelemetryState(limits);
      const now = Date.now();
      for (let i = 0; i < 200; i++)
        state.apply(
          {
            type: 'heartbeat',
            sid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            title: 'Luke Cage',
            state: 'playing',
            weight: 1 + (i % 3),
          },
          now
        );
      original = state.sessions.size;
      await saveSessions(state, path, now);
      saved = readFileSync(path);
      target.input = mutatedBytes(saved);
    },
    async check(bytes) {
      writeFileSync(path, bytes);
      const state = new TelemetryState(limits);
      const r = await restoreSessions(state, path);
      if ('error' in r && typeof r.error !== 'string') throw new Error('an error without a message');
      if (state.sessions.size > original)
        throw new Error(`restored ${state.sessions.size} sessions from a file of ${original}`);
      rmSync(`${path}.restored`, { force: true });
      rmSync(`${path}.corrupt`, { force: true });
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return target;
}

export function parserTargets(): FuzzTarget[] {
  return [ics, yaml, config, batch, cmcd, cdnLog, stateFileTarget()] as FuzzTarget[];
}
