// The fuzz and abuse suite on a short seeded budget, inside `npm test` (`npm run fuzz` runs 1M inputs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFuzz } from './fuzzRun';

test('every parser and route survives a seeded fuzz budget: no crash, no 5xx, no stall, heap bounded, counts equal', async () => {
  // `npm run fuzz` holds stalls to 100 ms. Inside `npm test`, other test files share the 2 cores, and
  // the OS alone then delays the loop 120-150 ms while the slowest input takes 35 ms: 250 ms here.
  const report = await runFuzz({ inputs: 20_000, seed: 20_141_214, stallMs: 250 });
  assert.ok(report.inputs >= 20_000 * 0.9, `${report.inputs} inputs ran`);
  assert.deepEqual(report.findings, []);
});
