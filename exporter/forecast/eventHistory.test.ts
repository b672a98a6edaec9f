import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downsample, loadEventHistory, saveEventHistory, MAX_EVENTS, type EventRecord } from './eventHistory';

const record = (id: string): EventRecord => ({
  id,
  title: 'Show',
  kind: 'premiere',
  t0: 1000,
  end: 2000,
  baseline: 10,
  observedPeak: 40,
  curve: [
    [1000, 10],
    [1500, 40],
  ],
});

test('saved history reads back, and no temporary file is left behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ld-history-'));
  const file = join(dir, 'events.json');
  await saveEventHistory(file, [record('a'), record('b')]);
  const loaded = await loadEventHistory(file);
  assert.deepEqual(
    loaded.records.map((r) => r.id),
    ['a', 'b']
  );
  assert.equal(loaded.problem, undefined);
  assert.deepEqual(readdirSync(dir), ['events.json']);
});

test('a missing file is an empty history, not an error', async () => {
  const loaded = await loadEventHistory(join(tmpdir(), 'ld-does-not-exist.json'));
  assert.deepEqual(loaded, { records: [] });
});

test('a corrupt file is reported and kept aside, never overwritten', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ld-history-'));
  const file = join(dir, 'events.json');
  writeFileSync(file, '{"version":1,"events":[{"id":42}]}');
  const loaded = await loadEventHistory(file, 123);
  assert.deepEqual(loaded.records, []);
  assert.match(loaded.problem ?? '', /not an event history/);
  assert.equal(readFileSync(join(dir, 'events.json.corrupt-123'), 'utf8'), '{"version":1,"events":[{"id":42}]}');
});

test('the history keeps only the most recent events', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ld-history-'));
  const file = join(dir, 'events.json');
  await saveEventHistory(
    file,
    Array.from({ length: MAX_EVENTS + 5 }, (_, i) => record(`e${i}`))
  );
  const loaded = await loadEventHistory(file);
  assert.equal(loaded.records.length, MAX_EVENTS);
  assert.equal(loaded.records[0]?.id, 'e5');
});

test('a long curve is downsampled to means, keeping its level', () => {
  const points = Array.from({ length: 1000 }, (_, i) => ({ t: i, v: 5 }));
  const curve = downsample(points, 100);
  assert.equal(curve.length, 100);
  assert.ok(curve.every(([, v]) => v === 5));
});
