// Real-world calendar shapes (issue 14, points 15-19): Exchange and Google exports, sports schedules,
// unfilled templates, byte-folded UTF-8. Each test fails for one reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_KIND_MAPPING } from '../core/calendar/kindMapping';
import { mergeEvents } from '../core/calendar/merge';
import { parseIcs, type IcsParseOptions } from '../exporter/calendar/icsCalendar';
import { validateCalendar } from '../exporter/cli/calendar';
import { calendarHarness } from './support/calendarHarness';

const fixtures = join(__dirname, 'fixtures/calendar');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const NOW = Date.parse('2025-01-10T12:00:00Z');
const options: IcsParseOptions = {
  source: 'cal.ics',
  range: { from: Date.parse('2025-01-01T00:00:00Z'), to: Date.parse('2025-04-01T00:00:00Z') },
  kinds: DEFAULT_KIND_MAPPING,
  defaultKind: 'episode',
  timeZone: 'UTC',
};

async function validate(file: string) {
  let out = '';
  let err = '';
  const code = await validateCalendar(
    resolve(fixtures, file), // a fixture name, or an absolute path
    { timeZone: 'UTC', defaultKind: 'episode', kind: [], from: '2025-01-01T00:00:00Z', until: '2025-04-01T00:00:00Z' },
    { out: (t) => void (out += t), err: (t) => void (err += t), now: () => NOW }
  );
  return { code, out, err };
}

/** A calendar service reading a copy of the Exchange 2010 export (its one source, `exchange.ics`). */
const exchangeHarness = () =>
  calendarHarness((dir) => {
    const path = join(dir, 'exchange.ics');
    copyFileSync(join(fixtures, 'exchange-2010-premieres.ics'), path);
    return { sources: [{ name: 'exchange', file: path }] };
  }, NOW);

test('an Exchange export with one empty SUMMARY loses that event only, reported as empty at its line', async () => {
  const h = exchangeHarness();
  try {
    await h.service.start();
    assert.deepEqual(
      h.service.events().map((e) => e.title),
      ['The Boys S5 premiere', 'Reacher S3 episode 4']
    );
    const status = h.service.statuses()[0]!;
    assert.equal(status.ok, true);
    assert.equal(status.skippedCount, 1);
    assert.deepEqual(
      status.skipped.map((e) => [e.line, e.field]),
      [[44, 'SUMMARY']]
    );
    assert.match(status.skipped[0]!.message, /SUMMARY is empty/);
    assert.equal((await h.metric('launchday_calendar_events_skipped'))[0]?.value, 1);
    assert.equal((await h.metric('launchday_calendar_last_reload_success'))[0]?.value, 1);
    const warning = h.logs.find((l) => l.level === 40 && l.line === 44);
    assert.ok(warning, 'the left-out event is logged with its line');
  } finally {
    h.cleanup();
  }
});

test('a file with no readable structure keeps the last good version', async () => {
  const h = exchangeHarness();
  try {
    await h.service.start();
    const before = h.service.events();
    const path = join(h.dir, 'exchange.ics');
    writeFileSync(path, fixture('exchange-2010-premieres.ics').slice(0, 900)); // cut mid-event
    await h.service.reload();
    assert.deepEqual(h.service.events(), before);
    assert.equal(h.service.statuses()[0]!.ok, false);
  } finally {
    h.cleanup();
  }
});

test('Google "this and following": a series whose UNTIL is before its DTSTART yields no occurrence', async () => {
  const r = await parseIcs(fixture('google-this-and-following.ics'), options);
  assert.deepEqual(r.errors, []);
  const live = mergeEvents(r.events.map((e) => ({ ...e, sourceRank: 0 }))).events;
  assert.deepEqual(
    live.map((e) => new Date(e.start).toISOString()),
    ['2025-01-13T20:00:00.000Z', '2025-01-20T20:00:00.000Z', '2025-01-27T20:00:00.000Z']
  );
});

test('a custom fixed-offset VTIMEZONE shows the local start as written, not UTC', async () => {
  // The Exchange export with its empty SUMMARY filled in, so this test does not lean on point 15's fix.
  const dir = mkdtempSync(join(tmpdir(), 'launchday-cal-'));
  const filled = join(dir, 'exchange-filled.ics');
  writeFileSync(filled, fixture('exchange-2010-premieres.ics').replace(/^SUMMARY:\r?$/m, 'SUMMARY:Filled in'));
  const r = await validate(filled).finally(() => rmSync(dir, { recursive: true, force: true }));
  assert.match(r.out, /Filled in/, 'the whole file was read');
  // DTSTART;TZID=Eastern Standard Time 1:20250111T210000 in a fixed -04:00 zone.
  assert.match(r.out, /2025-01-11 21:00\s+Etc\/GMT\+4\s+2025-01-12 01:00Z .*The Boys S5 premiere/);
});

test('a placeholder value is quoted as written, and the bad TZID on the same line is reported too', async () => {
  const r = await parseIcs(fixture('template-placeholders.ics'), options);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(
    r.skipped.map((e) => [e.line, e.field, e.message]),
    [
      [7, 'DTSTART', 'unknown TZID "Bogus/Zone" (no VTIMEZONE in the file and not an IANA name)'],
      [7, 'DTSTART', 'invalid date or date-time "{{ session.start }}"'],
    ]
  );
  assert.equal(r.skippedEvents, 1);
  assert.deepEqual(
    r.events.map((e) => e.event.title),
    ['Filled in']
  );
});

test('a source without CATEGORIES takes its own defaultKind, and its kinds words map the rest', async () => {
  const h = calendarHarness((dir) => {
    const path = join(dir, 'f1.ics');
    copyFileSync(join(fixtures, 'f1-no-categories.ics'), path);
    return {
      window: { lookAhead: '90d' },
      sources: [{ name: 'f1', file: path, defaultKind: 'live', kinds: { sprint: 'rebroadcast' } }],
    };
  }, NOW);
  try {
    await h.service.start();
    assert.deepEqual(
      h.service.events().map((e) => [e.title.slice(-6), e.kind]),
      [
        ['- Race', 'live'],
        ['Sprint', 'rebroadcast'],
      ]
    );
  } finally {
    h.cleanup();
  }
});

// Exporters fold at 75 octets and many split a multi-byte character doing so (RFC 5545 3.1 asks the
// reader to restore it); files also come with a byte-order mark and with CRLF and LF mixed after edits.
test('a fold inside a UTF-8 character, a BOM and mixed line ends read as the titles written', async () => {
  const title = 'Première mondiale — Café Society 東京 🎬 (version française sous-titrée)';
  const summary = Buffer.from(`SUMMARY:${title}`);
  // Folded inside characters, as exporters counting 75 octets do: before every continuation byte at
  // least 8 octets after the previous fold (inside è, —, é, 東, 🎬, ç).
  const folded: Buffer[] = [];
  let from = 0;
  for (let i = 1; i < summary.length; i++)
    if ((summary[i]! & 0xc0) === 0x80 && i - from >= 8) {
      folded.push(summary.subarray(from, i), Buffer.from('\r\n '));
      from = i;
    }
  folded.push(summary.subarray(from));
  assert.ok(folded.length > 8, 'the folds split several characters');
  const head = '\uFEFFBEGIN:VCALENDAR\r\nVERSION:2.0\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\nUID:split-fold\r\n';
  const tail = '\r\nDTSTART:20250111T200000Z\nDURATION:PT2H\r\nEND:VEVENT\nEND:VCALENDAR\n';
  const h = calendarHarness((dir) => {
    writeFileSync(join(dir, 'split.ics'), Buffer.concat([Buffer.from(head), ...folded, Buffer.from(tail)]));
    return { sources: [{ name: 'split', file: join(dir, 'split.ics') }] };
  }, NOW);
  try {
    await h.service.start();
    assert.deepEqual(
      h.service.events().map((e) => e.title),
      [title]
    );
    assert.equal(h.service.statuses()[0]!.ok, true);
  } finally {
    h.cleanup();
  }
});
