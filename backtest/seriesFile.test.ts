import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSeriesText } from './seriesFile';
import { parseStamp } from './zonedTime';

test('the hourly Steam file holds one series per AppID', () => {
  const text =
    'AppID,Date,AvgPlayers\n440,2025-03-17 13:01:50,44997\n570,2025-03-17 13:01:50,700000\n440,2025-03-17 14:02:26,43879\n';
  const { series, rejected } = parseSeriesText(text, 'steamcharts_hourly.csv');
  assert.deepEqual([...series.keys()].sort(), ['440', '570']);
  assert.deepEqual(series.get('440'), [
    { t: Date.UTC(2025, 2, 17, 13, 1, 50), v: 44997 },
    { t: Date.UTC(2025, 2, 17, 14, 2, 26), v: 43879 },
  ]);
  assert.equal(rejected.length, 0);
});

test('a SteamDB export with a UTF-8 BOM and quotes reads as one series', () => {
  const text = '\uFEFF"DateTime","Players"\n"2026-03-26 15:00:00",53508\n"2026-03-26 15:10:00",62640\n';
  const { series } = parseSeriesText(text, 'steamdb/Game.csv');
  assert.deepEqual(series.get(''), [
    { t: Date.UTC(2026, 2, 26, 15, 0), v: 53508 },
    { t: Date.UTC(2026, 2, 26, 15, 10), v: 62640 },
  ]);
});

test('a local-time file is read in its zone: PST in winter, PDT in summer', () => {
  const { series } = parseSeriesText(
    'datetime,player_count\n2020-11-05 03:35:03,31510\n',
    'osrs.csv',
    'America/Los_Angeles'
  );
  assert.equal(series.get('')?.[0]?.t, Date.UTC(2020, 10, 5, 11, 35, 3));
  assert.equal(parseStamp('2021-07-01 03:00:00', 'America/Los_Angeles'), Date.UTC(2021, 6, 1, 10, 0));
});

test('NAB timestamps read as UTC', () => {
  const { series } = parseSeriesText('timestamp,value\n2015-02-26 21:42:53,104\n', 'nab/Twitter_volume_AAPL.csv');
  assert.equal(series.get('')?.[0]?.t, Date.UTC(2015, 1, 26, 21, 42, 53));
});

test('unreadable lines are counted with their line number, the rest kept', () => {
  const text =
    'datetime,player_count\n2020-11-05 03:35:03,31510\nnot a date,5\n2020-11-05 03:40:03,\n2020-11-05 03:45:03,45531\n';
  const { series, rejected } = parseSeriesText(text, 'osrs.csv');
  assert.equal(series.get('')?.length, 2);
  assert.deepEqual(
    rejected.map((r) => r.line),
    [3, 4]
  );
});

test('YouTube live polls are spaced by their interval from the time in the file name', () => {
  const text = JSON.stringify({ interval: 5, data: { concurrentViewers: [10, null, 30] } });
  const { series, rejected } = parseSeriesText(text, 'youtube-live/2021-04-20_abc_1618877409.json');
  assert.deepEqual(series.get(''), [
    { t: 1618877409_000, v: 10 },
    { t: 1618877419_000, v: 30 },
  ]);
  assert.equal(rejected.length, 1);
});

test('a JSON file that is not a poll file is a clear error', () => {
  assert.throws(() => parseSeriesText('{"data":{}}', 'x_1618877409.json'), /not a YouTube live poll file/);
  assert.throws(() => parseSeriesText('{', 'x_1618877409.json'), /not JSON/);
  assert.throws(() => parseSeriesText('{}', 'x.json'), /no start time/);
});
