import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_KIND_MAPPING } from '../../core/calendar/kindMapping';
import { mergeEvents } from '../../core/calendar/merge';
import { parseIcs, type IcsParseOptions } from './icsCalendar';

const fixture = (name: string) => readFileSync(join(__dirname, '../../tests/fixtures/calendar', name), 'utf8');
const opts = (over: Partial<IcsParseOptions> = {}): IcsParseOptions => ({
  source: 'test.ics',
  range: { from: Date.parse('2016-01-01T00:00:00Z'), to: Date.parse('2026-01-01T00:00:00Z') },
  kinds: DEFAULT_KIND_MAPPING,
  defaultKind: 'episode',
  timeZone: 'UTC',
  ...over,
});
const iso = (ms: number) => new Date(ms).toISOString();
const live = async (text: string, over?: Partial<IcsParseOptions>) => {
  const r = await parseIcs(text, opts(over));
  return { ...r, live: mergeEvents(r.events.map((e) => ({ ...e, sourceRank: 0 }))).events };
};
const wrap = (body: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${body.trim().split('\n').join('\r\n')}\r\nEND:VCALENDAR\r\n`;

test('Google export: weekly RRULE in New York time keeps 20:00 local across the DST change', async () => {
  const { live: events, errors } = await live(fixture('google-wwe-raw.ics'));
  assert.deepEqual(errors, []);
  const raw = events.filter((e) => e.title === 'WWE Raw');
  assert.equal(iso(raw[0]!.start), '2025-01-07T01:00:00.000Z'); // 20:00 EST
  assert.ok(raw.some((e) => iso(e.start) === '2025-03-11T00:00:00.000Z')); // 20:00 EDT
  assert.ok(raw.every((e) => e.timeZone === 'America/New_York' && e.kind === 'live' && e.expectedPeak === 4_500_000));
});

test('Google export: EXDATE removes, RECURRENCE-ID moves, a cancelled instance goes, UNTIL ends the series', async () => {
  const { live: events } = await live(fixture('google-wwe-raw.ics'));
  const starts = events.filter((e) => e.title === 'WWE Raw').map((e) => iso(e.start));
  assert.ok(!starts.includes('2025-01-21T01:00:00.000Z'), 'EXDATE 2025-01-20');
  assert.ok(!starts.includes('2025-01-28T01:00:00.000Z'), 'cancelled 2025-01-27');
  assert.ok(starts.includes('2025-01-14T02:00:00.000Z'), 'moved to 21:00 by its override');
  assert.equal(starts.at(-1), '2025-03-25T00:00:00.000Z', 'UNTIL 2025-03-31T03:59:59Z stops before the 31st');
  assert.equal(starts.length, 10); // 12 Mondays from Jan 6 to Mar 24, less the two
  const moved = events.find((e) => iso(e.start) === '2025-01-14T02:00:00.000Z');
  assert.equal(moved?.id, '1p9q2lh6v0j7k3m5n8r4s2t6u0@google.com/20250114T010000Z', 'the id keeps the original start');
  assert.equal(moved?.expectedPeak, 4_500_000, 'the override inherits what it does not restate');
});

test('Google export: UTC times, all-day in X-WR-TIMEZONE, STATUS:CANCELLED, CATEGORIES, REFRESH-INTERVAL', async () => {
  const { live: events, refreshIntervalMs } = await live(fixture('google-wwe-raw.ics'));
  const fight = events.find((e) => e.title === 'Jake Paul vs. Mike Tyson');
  assert.deepEqual(
    [fight?.kind, fight?.expectedPeak, fight?.region, iso(fight!.start)],
    ['live', 65_000_000, 'global', '2024-11-16T01:00:00.000Z']
  );
  const cage = events.find((e) => e.title === 'Luke Cage');
  assert.deepEqual(
    [cage?.kind, iso(cage!.start), iso(cage!.end)],
    ['premiere', '2016-09-30T04:00:00.000Z', '2016-10-01T04:00:00.000Z']
  );
  assert.equal(
    events.find((e) => e.title.startsWith('Promo')),
    undefined
  );
  assert.equal(refreshIntervalMs, 15 * 60_000);
});

test('Outlook export: Windows zone names with their VTIMEZONE, long UIDs, X-PUBLISHED-TTL', async () => {
  const { live: events, errors, refreshIntervalMs } = await live(fixture('outlook-premieres.ics'));
  assert.deepEqual(errors, []);
  assert.equal(refreshIntervalMs, 3_600_000);
  const premiere = events.find((e) => e.kind === 'premiere');
  assert.equal(iso(premiere!.start), '2017-07-17T01:00:00.000Z'); // 03:00 Paris summer time
  assert.equal(premiere?.timeZone, 'Europe/Paris');
  assert.equal(premiere?.expectedPeak, 600_000);
  assert.ok(events.every((e) => e.id.length < 128 && e.title === 'Game of Thrones'));
  const finale = events.find((e) => iso(e.start) === '2017-08-28T18:40:00.000Z');
  assert.equal(finale?.kind, 'episode', 'S7E7 at 20:40 Paris');
  assert.equal(
    events.filter((e) => e.start >= Date.parse('2017-07-31T00:00Z') && e.start < Date.parse('2017-08-01T00:00Z'))
      .length,
    0,
    'S7E3 cancelled'
  );
  assert.equal(events.length, 7); // 7 weekly, minus the cancelled one, plus the finale airing
});

test('Apple export: folded lines, VALARM inside VEVENT, EXDATE with two values, kind from X-LAUNCHDAY-KIND', async () => {
  const { live: events, errors } = await live(fixture('apple-drops.ics'), {
    range: { from: Date.parse('2020-01-01T00:00Z'), to: Date.parse('2024-07-01T00:00Z') },
  });
  assert.deepEqual(errors, []);
  const casa = events.find((e) => e.title.startsWith('La Casa de Papel'));
  assert.deepEqual([casa?.kind, iso(casa!.start), casa?.region], ['premiere', '2020-04-03T07:00:00.000Z', 'eu']);
  assert.match(casa?.notes ?? '', /about 30% above a normal Friday/);
  const reruns = events.filter((e) => e.kind === 'rebroadcast').map((e) => iso(e.start).slice(0, 10));
  assert.deepEqual(reruns, ['2024-06-01', '2024-06-22', '2024-06-29']);
});

test('occurrences are expanded only inside the range: a decade of daily RRULE gives a month', async () => {
  const text = wrap(`
BEGIN:VEVENT
UID:daily
DTSTART:20160101T200000Z
DTEND:20160101T210000Z
RRULE:FREQ=DAILY
SUMMARY:Daily show
END:VEVENT`);
  const { events } = await parseIcs(
    text,
    opts({ range: { from: Date.parse('2025-06-01T00:00Z'), to: Date.parse('2025-07-01T00:00Z') } })
  );
  assert.equal(events.length, 30);
});

test('a recurrence that needs too many steps to reach the window is refused with its line', async () => {
  const text = wrap(`
BEGIN:VEVENT
UID:secondly
DTSTART:20160101T200000Z
RRULE:FREQ=SECONDLY
SUMMARY:Spam
END:VEVENT`);
  const { errors, skipped } = await parseIcs(text, opts({ maxRecurrenceSteps: 1000 }));
  assert.deepEqual(errors, []);
  assert.equal(skipped.length, 1);
  assert.deepEqual([skipped[0]?.line, skipped[0]?.field], [6, 'RRULE']);
});

test('a bad date is reported with its line and field', async () => {
  const text = wrap(`
BEGIN:VEVENT
UID:bad
DTSTART;TZID=Europe/Paris:20171345T030000
SUMMARY:Broken
END:VEVENT`);
  const { skipped, events } = await parseIcs(text, opts());
  assert.equal(events.length, 0);
  assert.deepEqual(
    skipped.map((e) => [e.source, e.line, e.field]),
    [['test.ics', 5, 'DTSTART']]
  );
  assert.match(skipped[0]!.message, /no such date or time "20171345T030000"/);
});

test('a junk line and a truncated file are reported where they are', async () => {
  const junk = await parseIcs(
    wrap('BEGIN:VEVENT\nUID:x\nSUMMARY:x\nDTSTART:20250101T000000Z\nthis line is junk\nEND:VEVENT'),
    opts()
  );
  // A junk line inside an event costs that event; the file stays readable.
  assert.deepEqual(junk.errors, []);
  assert.deepEqual(
    junk.skipped.map((e) => e.line),
    [7]
  );
  const truncated = await parseIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20250101T000000Z\r\n', opts());
  assert.ok(truncated.errors.some((e) => e.line === 2 && /never closed/.test(e.message)));
  const notIcs = await parseIcs('hello: world\n', opts());
  assert.ok(notIcs.errors.length > 0);
});

test('an unknown TZID without VTIMEZONE, a bad peak and a bad kind are each located', async () => {
  const text = wrap(`
BEGIN:VEVENT
UID:a
DTSTART;TZID=Mars/Olympus:20250101T200000
SUMMARY:A
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART:20250101T200000Z
SUMMARY:B
X-LAUNCHDAY-EXPECTED-PEAK:lots
X-LAUNCHDAY-KIND:festival
END:VEVENT`);
  const { skipped } = await parseIcs(text, opts());
  assert.deepEqual(
    skipped.map((e) => [e.line, e.field]),
    [
      [5, 'DTSTART'],
      [12, 'X-LAUNCHDAY-EXPECTED-PEAK'],
      [13, 'X-LAUNCHDAY-KIND'],
    ]
  );
});

test('a TZID known to the tz database works without a VTIMEZONE, floating times use the configured zone', async () => {
  const text = wrap(`
BEGIN:VEVENT
UID:a
DTSTART;TZID=Europe/Madrid:20200403T090000
DURATION:PT3H
SUMMARY:Casa
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART:20200403T090000
SUMMARY:Floating
END:VEVENT`);
  const { events, errors } = await parseIcs(text, opts({ timeZone: 'Asia/Tokyo' }));
  assert.deepEqual(errors, []);
  assert.deepEqual(
    events.map((e) => [e.event.id, iso(e.event.start), iso(e.event.end), e.event.timeZone]),
    [
      ['a', '2020-04-03T07:00:00.000Z', '2020-04-03T10:00:00.000Z', 'Europe/Madrid'],
      ['b', '2020-04-03T00:00:00.000Z', '2020-04-03T00:00:00.000Z', 'Asia/Tokyo'],
    ]
  );
});

test('within one file the highest SEQUENCE of a UID wins', async () => {
  const text = wrap(`
BEGIN:VEVENT
UID:r
SEQUENCE:2
DTSTART:20250102T200000Z
SUMMARY:Rescheduled
END:VEVENT
BEGIN:VEVENT
UID:r
SEQUENCE:1
DTSTART:20250101T200000Z
SUMMARY:Original
END:VEVENT`);
  const { events } = await parseIcs(text, opts());
  assert.deepEqual(
    events.map((e) => [e.event.title, e.sequence]),
    [['Rescheduled', 2]]
  );
});

test('an HOURLY rule on an all-day DTSTART is left out with its line instead of hanging the loop', async () => {
  const text = wrap(`
BEGIN:VEVENT
UID:hourly-date
DTSTART;VALUE=DATE:20240823
RRULE:FREQ=HOURLY;BYDAY=MO,TU
SUMMARY:Never advances
END:VEVENT`);
  const { events, skipped } = await parseIcs(text, opts());
  assert.equal(events.length, 0);
  assert.deepEqual([skipped[0]?.line, skipped[0]?.field], [6, 'RRULE']);
  assert.match(skipped[0]!.message, /FREQ=HOURLY cannot repeat an all-day DTSTART/);
});
