import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEventsCsv } from './eventsFile';
import { parseTimeZoneRules, zoneFor } from './timeZoneRules';

test('rows name a file, an optional #ID, an instant and a kind', () => {
  const events = parseEventsCsv(
    'series,t0_utc,kind\nsteam.csv#1938090,2025-04-03T15:00:00Z,episode\nosrs.csv,2020-11-05T11:35:00Z,relogin\n'
  );
  assert.deepEqual(
    events.map((e) => [e.file, e.id, e.t0, e.kind]),
    [
      ['steam.csv', '1938090', Date.UTC(2025, 3, 3, 15), 'episode'],
      ['osrs.csv', '', Date.UTC(2020, 10, 5, 11, 35), 'relogin'],
    ]
  );
});

test('a wrong header is refused with what was found', () => {
  assert.throws(() => parseEventsCsv('file,when,kind\n'), /header must be "series,t0_utc,kind"/);
});

test('every bad row is reported with its line, none silently dropped', () => {
  const text =
    'series,t0_utc,kind\na.csv,yesterday,episode\nb.csv,2025-04-03T15:00:00Z,concert\nc.csv,2025-04-03T15:00:00Z,live\n';
  assert.throws(
    () => parseEventsCsv(text),
    (err: Error) => /2 bad row/.test(err.message) && /line 2/.test(err.message) && /line 3/.test(err.message)
  );
});

test('--tz rules match a file by base name or path; others are UTC', () => {
  const rules = parseTimeZoneRules(['osrs_*=America/Los_Angeles']);
  assert.equal(zoneFor('osrs_players_5min.csv', rules), 'America/Los_Angeles');
  assert.equal(zoneFor('sub/osrs_x.csv', rules), 'America/Los_Angeles');
  assert.equal(zoneFor('steamdb/PUBG.csv', rules), 'UTC');
});

test('--tz with an unknown zone or no = is an error up front', () => {
  assert.throws(() => parseTimeZoneRules(['osrs_*=Mars/Olympus']), /unknown time zone/);
  assert.throws(() => parseTimeZoneRules(['osrs_*']), /GLOB=ZONE/);
});
