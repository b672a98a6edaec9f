// Issue 14 point 1: the decoder's memo must not keep request bodies alive. V8 makes a substring a slice
// of its parent, so a memo key cut from a body pinned the whole body: +1 MiB of heap per request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { resolveConfig } from '../config/schema';
import { telemetryLimits } from '../config/telemetryLimits';
import { IngestLedger } from '../ingest/ingestLedger';
import { TelemetryState } from '../state/telemetryState';
import { applyNginxLogLines, applyPlayerReports, type CmcdIngest } from './cmcdBatch';
import { CmcdMapping } from './cmcdMapping';
import { parseCmcdConfig } from './config';
import { PlayerCounters } from './playerCounters';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const REQUESTS = 150;
const PADDING = ' '.repeat(1 << 20); // 1 MiB of blank line: skipped cheaply, but part of the body

function ingest(): CmcdIngest {
  const config = resolveConfig({ catalog: ['Launch Night Live'] });
  const state = new TelemetryState(telemetryLimits(config));
  const mapping = new CmcdMapping(parseCmcdConfig({}));
  return {
    state,
    mapping,
    ledger: new IngestLedger(),
    players: new PlayerCounters(state, 100),
    clockToleranceMs: 30_000,
  };
}

/** Heap growth over REQUESTS bodies of 1 MiB, each differing from the last in one short value. */
function heapGrowthMiB(send: (n: number) => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let n = 0; n < REQUESTS; n++) send(n);
  gc();
  return (process.memoryUsage().heapUsed - before) / 2 ** 20;
}

// As the route makes it: a flat string decoded from the request's bytes.
const body = (text: string) => Buffer.from(text).toString('utf8');

test('player report bodies are not kept by the decoder (one short value varies per request)', () => {
  const target = ingest();
  const growth = heapGrowthMiB((n) => {
    const report = `cid="premiere-${n}",e=t,sid="c2a9f0de-3c41-4d5e-9a0b-${String(n % 8).padStart(12, '0')}",sta=p,v=2`;
    applyPlayerReports(body(`${report}\n${PADDING}`), target, Date.now());
  });
  assert.ok(growth < 30, `heap grew ${growth.toFixed(1)} MiB over ${REQUESTS} requests of 1 MiB`);
});

test('CDN log bodies are not kept either, with the CMCD only in a header field', () => {
  const target = ingest();
  const growth = heapGrowthMiB((n) => {
    const line = `1795364627.432 200 GET "cdn.example" "/live/seg${n}.m4s" "-" "-" "ot=v,rc=${1e12 + n}" "-" "-"`;
    applyNginxLogLines(body(`${line}\n${PADDING}`), 'origin', target, Date.now());
  });
  assert.ok(growth < 30, `heap grew ${growth.toFixed(1)} MiB over ${REQUESTS} requests of 1 MiB`);
});
