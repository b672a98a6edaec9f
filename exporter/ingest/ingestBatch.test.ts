import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultAllowLists } from '../config/schema';
import { TelemetryState } from '../state/telemetryState';
import { ingestBatch, ingestBatchInSlices, SLICE_CHARS } from './ingestBatch';
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
  assert.ok(body.length > 10 * SLICE_CHARS);
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
