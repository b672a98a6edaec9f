import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { calendarConfigSchema, createCalendarService } from '../exporter/calendar';

const promtool = spawnSync('promtool', ['--version']).status === 0;

test(
  'promtool check metrics finds nothing in the calendar exposition',
  { skip: !promtool && 'promtool is not installed (apt-get install prometheus)' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launchday-promtool-'));
    copyFileSync(join(__dirname, '../provisioning/calendar/capacity.example.yaml'), join(dir, 'capacity.yaml'));
    // Titles that need escaping, a long id, and one event without an expected peak.
    writeFileSync(
      join(dir, 'cal.yaml'),
      [
        'events:',
        '  - {id: quoted, title: "The \\"Finale\\" \\\\ Part 2", kind: premiere, start: "2025-01-11T20:00Z", duration: 2h, expectedPeak: 1000000}',
        '  - {id: unicode, title: "La Casa de Papel – Partie 4 🎭", kind: episode, start: "2025-01-12T20:00Z"}',
        `  - {id: ${'x'.repeat(64)}, title: Long, kind: live, start: "2025-01-13T20:00Z", duration: 3h, expectedPeak: 5}`,
      ].join('\n') + '\n'
    );
    const registry = new Registry();
    const service = createCalendarService({
      config: calendarConfigSchema.parse({
        sources: [
          { name: 'yaml', file: join(dir, 'cal.yaml') },
          { name: 'missing', file: join(dir, 'absent.ics') },
          { name: 'demo', demo: {} },
        ],
        capacity: join(dir, 'capacity.yaml'),
      }),
      logger: pino({ level: 'silent' }),
      registry,
      onTitles: () => undefined,
      now: () => Date.parse('2025-01-10T12:00:00Z'),
    });
    try {
      await service.start();
      const exposition = await registry.metrics();
      for (const name of [
        'launchday_event_info',
        'launchday_event_start_timestamp_seconds',
        'launchday_event_end_timestamp_seconds',
        'launchday_event_expected_peak_viewers',
        'launchday_capacity_viewers',
        'launchday_capacity_logins_per_second',
        'launchday_capacity_segment_requests_per_second',
        'launchday_calendar_last_reload_success',
        'launchday_calendar_last_reload_timestamp_seconds',
      ]) {
        assert.match(exposition, new RegExp(`^${name}[{ ]`, 'm'), `${name} has a sample`);
      }
      assert.match(exposition, /launchday_calendar_last_reload_success\{source="missing"\} 0/);
      const check = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
      assert.equal(check.status, 0, `promtool: ${check.stdout}${check.stderr}`);
      assert.equal((check.stdout + check.stderr).trim(), '', 'no findings at all');
    } finally {
      service.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
);
