import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import { Registry } from 'prom-client';
import { calendarConfigSchema, createCalendarService, type CalendarConfigInput } from '../exporter/calendar';
import { calendarHarness } from './support/calendarHarness';

const fixtures = join(__dirname, 'fixtures/calendar');
const NOW = Date.parse('2025-01-10T12:00:00Z');

const harness = (section: (dir: string) => CalendarConfigInput) => calendarHarness(section, NOW);

const success = async (h: ReturnType<typeof harness>, source: string) =>
  (await h.metric('launchday_calendar_last_reload_success')).find((v) => v.labels.source === source)?.value;

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a file calendar and a capacity file load into events, titles, capacity and health', async () => {
  const h = harness((dir) => {
    copyFileSync(join(fixtures, 'google-wwe-raw.ics'), join(dir, 'live.ics'));
    copyFileSync(join(__dirname, '../provisioning/calendar/capacity.example.yaml'), join(dir, 'capacity.yaml'));
    return { sources: [{ name: 'live', file: join(dir, 'live.ics') }], capacity: join(dir, 'capacity.yaml') };
  });
  try {
    await h.service.start();
    const events = h.service.events();
    // Window 2025-01-03 .. 2025-02-09: Raw on the 6th (01-07Z), the moved 13th, then Feb 3 (20th excluded, 27th cancelled).
    assert.deepEqual(
      events.map((e) => new Date(e.start).toISOString().slice(0, 10)),
      ['2025-01-07', '2025-01-14', '2025-02-04']
    );
    assert.deepEqual(h.titles, [['WWE Raw']]);
    assert.equal(h.service.capacity().resources.length, 6);
    assert.equal(await success(h, 'live'), 1);
    assert.equal(await success(h, 'capacity'), 1);
    const stamps = await h.metric('launchday_calendar_last_reload_timestamp_seconds');
    assert.deepEqual(
      stamps.map((v) => v.value),
      [NOW / 1000, NOW / 1000]
    );
    const capacity = await h.metric('launchday_capacity_segment_requests_per_second');
    assert.deepEqual(
      capacity.map((v) => [v.labels.cdn, v.value]),
      [
        ['all', 4_000_000],
        ['akamai', 2_500_000],
        ['cloudfront', 1_500_000],
        ['fastly', 1_000_000],
      ]
    );
  } finally {
    h.cleanup();
  }
});

for (const [label, content, expect] of [
  ['a corrupt file', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n', { line: 2 }],
  [
    'a file with a bad date',
    'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART:20250230T200000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    { line: 5, field: 'DTSTART' },
  ],
  ['a file that disappears', undefined, { message: 'file not found' }],
] as const) {
  test(`${label} keeps the last good calendar, turns health to 0 and logs file, line and field`, async () => {
    let path = '';
    const h = harness((dir) => {
      path = join(dir, 'live.ics');
      copyFileSync(join(fixtures, 'google-wwe-raw.ics'), path);
      return { sources: [{ name: 'live', file: path }] };
    });
    try {
      await h.service.start();
      const before = h.service.events();
      assert.equal(before.length, 3);
      if (content === undefined) unlinkSync(path);
      else writeFileSync(path, content);
      await h.service.reload();
      assert.deepEqual(h.service.events(), before);
      assert.equal(await success(h, 'live'), 0);
      assert.equal(
        (await h.metric('launchday_calendar_last_reload_timestamp_seconds'))[0]?.value,
        NOW / 1000,
        'last success kept'
      );
      const error = h.logs.find((l) => l.level === 50);
      assert.ok(error, 'an error was logged');
      assert.equal(error.file, path);
      if ('line' in expect) assert.equal(error.line, expect.line);
      if ('field' in expect) assert.equal(error.field, expect.field);
      if ('message' in expect) assert.match(String(error.msg), new RegExp(expect.message));
      const status = h.service.statuses()[0]!;
      assert.equal(status.ok, false);
      assert.ok(status.errors.length > 0);
    } finally {
      h.cleanup();
    }
  });
}

test('a file changed on disk is reloaded without SIGHUP, and a fixed file restores health', async () => {
  let path = '';
  const h = harness((dir) => {
    path = join(dir, 'cal.yaml');
    writeFileSync(
      path,
      'events:\n  - {id: a, title: Alpha, kind: premiere, start: "2025-01-11T20:00Z", duration: 2h}\n'
    );
    return { sources: [{ name: 'yaml', file: path }] };
  });
  try {
    await h.service.start();
    assert.deepEqual(
      h.service.events().map((e) => e.title),
      ['Alpha']
    );
    writeFileSync(path, 'events:\n  - {id: a, title: Alpha, kind: premiere, start: "2025-01-11T20:00Z"\n');
    await until(async () => (await success(h, 'yaml')) === 0, 'the broken edit to be seen');
    assert.deepEqual(
      h.service.events().map((e) => e.title),
      ['Alpha']
    );
    writeFileSync(
      path + '.tmp',
      'events:\n  - {id: b, title: Beta, kind: live, start: "2025-01-12T20:00Z", duration: 2h}\n'
    );
    // Editors save by rename: the directory watch sees it.
    const { renameSync } = await import('node:fs');
    renameSync(path + '.tmp', path);
    await until(() => h.service.events()[0]?.title === 'Beta', 'the renamed file to be loaded');
    assert.equal(await success(h, 'yaml'), 1);
    assert.deepEqual(h.titles.at(-1), ['Beta']);
  } finally {
    h.cleanup();
  }
});

test('several sources merge by id: the first source wins a tie, a higher sequence wins, a cancellation removes', async () => {
  const h = harness((dir) => {
    writeFileSync(
      join(dir, 'a.yaml'),
      'events:\n' +
        '  - {id: shared, title: From A, kind: live, start: "2025-01-11T20:00Z"}\n' +
        '  - {id: moved, title: Old time, kind: live, start: "2025-01-12T20:00Z", sequence: 1}\n' +
        '  - {id: dropped, title: Dropped, kind: live, start: "2025-01-13T20:00Z"}\n'
    );
    writeFileSync(
      join(dir, 'b.yaml'),
      'events:\n' +
        '  - {id: shared, title: From B, kind: live, start: "2025-01-11T21:00Z"}\n' +
        '  - {id: moved, title: New time, kind: live, start: "2025-01-12T22:00Z", sequence: 2}\n' +
        '  - {id: dropped, title: Dropped, kind: live, start: "2025-01-13T20:00Z", sequence: 1, cancelled: true}\n'
    );
    return {
      sources: [
        { name: 'a', file: join(dir, 'a.yaml') },
        { name: 'b', file: join(dir, 'b.yaml') },
      ],
    };
  });
  try {
    await h.service.start();
    assert.deepEqual(
      h.service.events().map((e) => [e.id, e.title]),
      [
        ['shared', 'From A'],
        ['moved', 'New time'],
      ]
    );
  } finally {
    h.cleanup();
  }
});

test('only events inside the window become series; a decade-long RRULE stays a handful', async () => {
  const h = harness((dir) => {
    writeFileSync(
      join(dir, 'daily.ics'),
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:daily\r\nSUMMARY:Daily\r\nDTSTART:20150101T200000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
    );
    return {
      sources: [{ name: 'daily', file: join(dir, 'daily.ics') }],
      window: { lookBehind: '2d', lookAhead: '5d' },
    };
  });
  try {
    await h.service.start();
    assert.equal(h.service.events().length, 7); // Jan 8..14 at 20:00Z around noon on the 10th
    assert.equal((await h.metric('launchday_event_info')).length, 7);
  } finally {
    h.cleanup();
  }
});

test('the API serves the window and capacity as JSON, without file paths', async () => {
  const h = harness((dir) => {
    copyFileSync(join(fixtures, 'google-wwe-raw.ics'), join(dir, 'live.ics'));
    copyFileSync(join(__dirname, '../provisioning/calendar/capacity.example.yaml'), join(dir, 'capacity.yaml'));
    return {
      sources: [{ name: 'live', file: join(dir, 'live.ics') }],
      capacity: { name: 'capacity', file: join(dir, 'capacity.yaml') },
    };
  });
  const app = express().use(h.service.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    await h.service.start();
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const calendar = (await (await fetch(`${base}/api/v1/calendar`)).json()) as {
      events: { title: string; startLocal: string; start: string }[];
      sources: unknown[];
    };
    assert.equal(calendar.events[0]?.startLocal, '2025-01-06 20:00');
    assert.equal(calendar.events[0]?.start, '2025-01-07T01:00:00.000Z');
    assert.equal(calendar.sources.length, 1);
    const capacityRes = await fetch(`${base}/api/v1/capacity`);
    assert.match(capacityRes.headers.get('content-type') ?? '', /application\/json/);
    const capacity = (await capacityRes.json()) as { resources: { id: string; limit: number; steps: unknown[] }[] };
    assert.deepEqual(capacity.resources.find((r) => r.id === 'viewers')?.limit, 15_000_000); // the step after the fight holds
    const body = JSON.stringify([calendar, capacity]);
    assert.ok(!body.includes(h.dir), 'no file path in the API');
  } finally {
    server.close();
    h.cleanup();
  }
});

test('recurrences are re-expanded as time moves, so a long-running exporter keeps a full window', async () => {
  let now = Date.parse('2025-01-10T12:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'launchday-cal-'));
  copyFileSync(join(__dirname, '../provisioning/calendar/seed-incidents.ics'), join(dir, 'seed.ics'));
  const titles: string[][] = [];
  const service = createCalendarService({
    config: calendarConfigSchema.parse({
      sources: [{ name: 'seed', file: join(dir, 'seed.ics') }],
      reexpandInterval: '50ms',
    }),
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    onTitles: (t) => titles.push(t),
    now: () => now,
  });
  try {
    await service.start();
    assert.deepEqual(titles.at(-1), ['WWE Raw']);
    now = Date.parse('2026-06-10T12:00:00Z'); // 17 months later: far past the first expansion
    assert.equal(service.events().length, 0, 'nothing expanded that far yet');
    await until(() => service.events().length === 5, 'the re-expansion to cover the new window');
    assert.ok(service.events().every((e) => e.title === 'WWE Raw' && e.start >= Date.parse('2026-06-01T00:00:00Z')));
  } finally {
    service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
