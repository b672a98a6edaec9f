import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_KIND_MAPPING } from '../core/calendar/kindMapping';
import { parseCalendarFile } from '../exporter/calendar/calendarFile';
import { parseIcs } from '../exporter/calendar/icsCalendar';
import { renderJsonSchema, SCHEMA_PATH } from '../exporter/calendar/writeJsonSchema';

const root = join(__dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const iso = (ms: number) => new Date(ms).toISOString();

test('the committed JSON Schema is the one the zod schema generates', () => {
  assert.equal(
    readFileSync(SCHEMA_PATH, 'utf8'),
    renderJsonSchema(),
    'run: npx tsx exporter/calendar/writeJsonSchema.ts'
  );
});

test('the seed-incident calendar holds every seed incident at its documented time', async () => {
  const r = await parseIcs(read('provisioning/calendar/seed-incidents.ics'), {
    source: 'seed-incidents.ics',
    range: { from: Date.parse('2016-01-01T00:00Z'), to: Date.parse('2025-02-01T00:00Z') },
    kinds: DEFAULT_KIND_MAPPING,
    defaultKind: 'episode',
    timeZone: 'UTC',
  });
  assert.deepEqual(r.errors, []);
  const at = (id: string) => r.events.find((e) => e.event.id === id)?.event;
  assert.equal(iso(at('got-s7e1-simulcast@launchday.example')!.start), '2017-07-17T01:00:00.000Z'); // 03:00 Paris
  assert.equal(iso(at('got-s7e1-airing@launchday.example')!.start), '2017-07-17T18:40:00.000Z'); // 20:40 Paris
  assert.equal(iso(at('got-s7e7-simulcast@launchday.example')!.start), '2017-08-28T01:00:00.000Z');
  assert.equal(iso(at('got-s7e7-airing@launchday.example')!.start), '2017-08-28T18:40:00.000Z');
  assert.equal(iso(at('luke-cage-drop@launchday.example')!.start).slice(0, 10), '2016-09-30');
  assert.equal(iso(at('casa-de-papel-p4@launchday.example')!.start), '2020-04-03T07:00:00.000Z'); // 09:00 CEST
  const fight = at('tyson-paul@launchday.example')!;
  assert.deepEqual(
    [fight.kind, fight.expectedPeak, iso(fight.start)],
    ['live', 65_000_000, '2024-11-16T01:00:00.000Z']
  );
  const christmas = r.events.filter((e) => iso(e.event.start).startsWith('2024-12-25'));
  assert.equal(christmas.length, 2);
  const raw = r.events.filter((e) => e.event.title === 'WWE Raw').map((e) => iso(e.event.start));
  assert.deepEqual(raw, [
    '2025-01-07T01:00:00.000Z',
    '2025-01-14T01:00:00.000Z',
    '2025-01-21T01:00:00.000Z',
    '2025-01-28T01:00:00.000Z',
  ]);
});

test('the example capacity and YAML calendar validate cleanly', async () => {
  for (const file of [
    'provisioning/calendar/capacity.example.yaml',
    'provisioning/calendar/demo-events.example.yaml',
  ]) {
    const r = await parseCalendarFile(read(file), { source: file, timeZone: 'UTC' });
    assert.deepEqual(r.errors, [], file);
  }
  const capacity = await parseCalendarFile(read('provisioning/calendar/capacity.example.yaml'), {
    source: 'c',
    timeZone: 'UTC',
  });
  assert.deepEqual(
    capacity.capacity?.resources.map((r) => r.id),
    ['viewers', 'logins', 'segments', 'segments:akamai', 'segments:cloudfront', 'segments:fastly']
  );
});
