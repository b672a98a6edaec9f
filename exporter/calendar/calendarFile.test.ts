import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextLocalMidnight, parseCalendarFile, readInstant } from './calendarFile';
import { INLINE_YAML_BYTES } from './yamlReader';

const parse = (text: string) => parseCalendarFile(text, { source: 'cal.yaml', timeZone: 'UTC' });
const iso = (ms: number) => new Date(ms).toISOString();

test("local times are read in the event's zone, offsets as written, dates as local midnight", () => {
  assert.equal(
    iso((readInstant('2017-07-17T03:00', 'Europe/Paris') as { instant: number }).instant),
    '2017-07-17T01:00:00.000Z'
  );
  assert.equal(
    iso((readInstant('2020-04-03T09:00+02:00', 'UTC') as { instant: number }).instant),
    '2020-04-03T07:00:00.000Z'
  );
  assert.deepEqual(readInstant('2016-09-30', 'America/Los_Angeles'), {
    instant: Date.parse('2016-09-30T07:00:00Z'),
    isDate: true,
  });
  assert.match(readInstant('2017-02-30T10:00', 'UTC') as string, /no such date/);
});

test('an all-day date on a DST change lasts until the next local midnight (23 hours)', () => {
  const day = readInstant('2026-03-29', 'Europe/Paris') as { instant: number };
  assert.equal(nextLocalMidnight(day.instant, 'Europe/Paris') - day.instant, 23 * 3_600_000);
});

test('fractions of a second are kept, with an offset or in a zone', () => {
  assert.equal(
    iso((readInstant('2024-11-16T01:00:00.250Z', 'UTC') as { instant: number }).instant),
    '2024-11-16T01:00:00.250Z'
  );
  assert.equal(
    iso((readInstant('2020-04-03T09:50:12.5', 'Europe/Madrid') as { instant: number }).instant),
    '2020-04-03T07:50:12.500Z'
  );
});

test('a YAML calendar with zones, durations, all-day events and capacity steps', async () => {
  const r = await parse(`
timeZone: Europe/Paris
events:
  - id: got-s7e1-airing
    title: Game of Thrones
    kind: episode
    start: 2017-07-17T20:40
    duration: 1h10m
    expectedPeak: 900000
  - id: luke-cage
    title: Luke Cage
    kind: premiere
    start: 2016-09-30
    timeZone: America/Los_Angeles
  - id: promo
    title: Promo
    kind: live
    start: 2024-11-15T20:00-05:00
    end: 2024-11-15T21:00-05:00
    cancelled: true
    sequence: 2
capacity:
  - resource: viewers
    limit: 1000000
    steps:
      - { from: "2017-07-17T18:00:00+02:00", limit: 2000000 }
  - resource: segments:akamai
    limit: 50000
`);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(
    r.events.map((e) => [e.event.id, iso(e.event.start), iso(e.event.end), e.cancelled, e.sequence]),
    [
      ['got-s7e1-airing', '2017-07-17T18:40:00.000Z', '2017-07-17T19:50:00.000Z', false, 0],
      ['luke-cage', '2016-09-30T07:00:00.000Z', '2016-10-01T07:00:00.000Z', false, 0],
      ['promo', '2024-11-16T01:00:00.000Z', '2024-11-16T02:00:00.000Z', true, 2],
    ]
  );
  assert.deepEqual(r.capacity, {
    resources: [
      {
        id: 'viewers',
        unit: 'viewers',
        limit: 1_000_000,
        steps: [{ from: Date.parse('2017-07-17T16:00:00Z'), limit: 2_000_000 }],
      },
      { id: 'segments:akamai', unit: 'requests_per_second', limit: 50_000, steps: [] },
    ],
  });
});

test('JSON is read by the same parser', async () => {
  const r = await parse('{"events":[{"id":"a","title":"A","kind":"live","start":"2025-01-01T00:00Z"}]}');
  assert.deepEqual(r.errors, []);
  assert.equal(r.events.length, 1);
});

test('each validation problem names its line and field', async () => {
  const r = await parse(`events:
  - id: a
    title: A
    kind: festival
    start: 2017-07-17T03:00
  - id: b
    title: B
    kind: live
    start: 2017-13-17T03:00
  - id: a
    title: C
    kind: live
    start: 2017-07-17
    color: red
`);
  // Each bad event is left out on its own: the file itself is fine.
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.events, []);
  assert.deepEqual(
    r.skipped.map((e) => [e.line, e.field]),
    [
      [4, 'events[0].kind'],
      [9, 'events[1].start'],
      [14, 'events[2].color'],
    ]
  );
  const second = await parse(`events:
  - id: b
    title: B
    kind: live
    start: 2017-13-17T03:00
  - id: b
    title: C
    kind: live
    start: 2017-07-17
    timeZone: Mars/Olympus
`);
  assert.deepEqual(
    second.skipped.map((e) => [e.line, e.field]),
    [
      [5, 'events[0].start'],
      [6, 'events[1].id'],
      [10, 'events[1].timeZone'],
    ]
  );
});

test('YAML syntax errors and duplicate keys are located; nothing is half-applied', async () => {
  const r = await parse('events:\n  - id: a\n    id: b\n');
  assert.equal(r.errors[0]?.line, 3);
  assert.equal(r.events.length, 0);
  const broken = await parse('events: [\n  {id: a\n');
  assert.ok(broken.errors.length > 0 && broken.errors[0]?.line !== undefined);
});

test('__proto__ and unknown capacity resources are refused, not applied', async () => {
  const r = await parse('__proto__: {polluted: true}\ncapacity:\n  - resource: cpu\n    limit: 1\n');
  assert.deepEqual(
    r.errors.map((e) => e.field),
    ['__proto__', 'capacity[0].resource']
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('a resource declared twice is an error', async () => {
  const r = await parse('capacity:\n  - {resource: viewers, limit: 1}\n  - {resource: viewers, limit: 2}\n');
  assert.deepEqual(
    r.errors.map((e) => [e.line, e.field]),
    [[3, 'capacity[1].resource']]
  );
});

test('a large file is parsed in a worker thread, with the same results and error lines', async () => {
  const lines = ['timeZone: Europe/Paris', 'events:'];
  for (let i = 0; i < 1500; i++)
    lines.push(`  - {id: e${i}, title: T${i % 50}, kind: live, start: "2026-01-01T20:00", duration: 2h}`);
  const text = lines.join('\n') + '\n';
  assert.ok(Buffer.byteLength(text) > INLINE_YAML_BYTES);
  const good = await parse(text);
  assert.deepEqual(good.errors, []);
  assert.equal(good.events.length, 1500);
  assert.equal(iso(good.events[1499]!.event.start), '2026-01-01T19:00:00.000Z');
  const bad = await parse(text.replace('{id: e1200, title: T0, kind: live', '{id: e1200, title: T0, kind: gala'));
  assert.deepEqual(
    bad.skipped.map((e) => [e.line, e.field]),
    [[1203, 'events[1200].kind']]
  );
  assert.equal(bad.events.length, 1499, 'one bad event costs that event only');
  const broken = await parse(text + '  - {id: x\n');
  assert.equal(broken.errors[0]?.line !== undefined, true);
});

test('a YAML document nested 2,000 deep is refused in one sentence, not handed to the main thread', async () => {
  const r = await parse(`events: ${'['.repeat(2000)}${']'.repeat(2000)}`);
  assert.deepEqual(
    r.errors.map((e) => e.message),
    ['nested deeper than 32 levels: not a calendar']
  );
});
