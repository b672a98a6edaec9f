import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultAllowLists } from '../config/schema';
import { TelemetryState } from '../state/telemetryState';
import { ingestBatch, ingestBatchInSlices, SLICE_CHARS } from './ingestBatch';
import { SLICE_LINES } from './ingestNdjson';
import { IngestLedger } from './ingestLedger';

const newState = () =>
  new TelemetryState({
    catalog: ['T'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 2000,
    seriesBudget: 50,
  });
const line = fc.oneof(
  fc
    .integer({ min: 0, max: 3000 })
    .map((i) =>
      JSON.stringify({ type: 'heartbeat', sid: `s${i}`, title: 'T', state: 'playing', pad: 'x'.repeat(i % 90) })
    ),
  fc.constantFrom('{}', '', 'garbage', '{"type":"login","outcome":"success"}', '[1,2]', '   ')
);

test('property: a large body taken in slices gives the answer it gets in one go, line numbers and all', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(line, { minLength: 2000, maxLength: 4000 }),
      fc.constantFrom('ndjson', 'json'),
      async (lines, format) => {
        const body = format === 'ndjson' ? lines.join('\n') : `[${lines.filter((l) => l.startsWith('{')).join(',')}]`;
        const whole = ingestBatch(body, format, newState(), new IngestLedger(), 0);
        const sliced = await ingestBatchInSlices(body, format, newState(), new IngestLedger(), 0);
        assert.deepEqual(sliced, whole);
      }
    ),
    { numRuns: 15 }
  );
});

test('a 1 MiB body of invalid lines lets the event loop turn while it is counted', async () => {
  const body = new Array(350_000).fill('{}').join('\n');
  assert.ok(350_000 > 10 * SLICE_LINES && body.length > 10 * SLICE_CHARS);
  let turns = 0;
  const tick = () => {
    turns++;
    if (!done) setImmediate(tick);
  };
  let done = false;
  setImmediate(tick);
  const result = await ingestBatchInSlices(body, 'ndjson', newState(), new IngestLedger(), 0);
  done = true;
  assert.equal(result.rejected, 350_000);
  assert.ok(turns >= 10, `the loop turned ${turns} times`);
});

/** Runs the sliced ingestion, counting the loop's turns (setImmediate callbacks) while it works. */
async function countTurns(body: string) {
  let turns = 0;
  let done = false;
  const tick = () => {
    turns++;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  const result = await ingestBatchInSlices(body, 'ndjson', newState(), new IngestLedger(), 0);
  done = true;
  return { result, turns };
}

test('a 500-heartbeat batch of UUID sessions over 64 KiB is applied in one go (its half never waits)', async () => {
  const sid = (i: number) => `${(0x10000000 + i).toString(16)}-9c1e-4d2a-8b3f-5e6a7b8c9d0e`;
  const lines = Array.from({ length: 500 }, (_, i) =>
    JSON.stringify({
      type: 'heartbeat',
      sid: sid(i),
      title: 'T',
      state: 'playing',
      cdn: 'akamai',
      region: 'eu',
      device: 'web',
      ts: 0,
      pad: 'p'.repeat(20),
    })
  );
  const body = lines.join('\n');
  assert.ok(body.length > 64 * 1024);
  const { result, turns } = await countTurns(body);
  assert.equal(result.accepted, 500);
  assert.equal(turns, 0);
});

test('one-character lines of bad JSON are sliced by their number, not their bytes', async () => {
  const n = 20 * SLICE_LINES;
  const { result, turns } = await countTurns(new Array(n).fill('x').join('\n'));
  assert.equal(result.rejected, n);
  assert.ok(turns >= 19, `the loop turned ${turns} times`);
});
