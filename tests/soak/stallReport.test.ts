import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StallProfileFile } from './stallProfiler';
import { attributeStalls, formatStallRows } from './stallReport';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0 },
  children,
});

/** A profile sampled every ms from t=0 µs: 0-99 ms in ingest, 100-199 ms in the GC. */
function file(stalls: StallProfileFile['stalls'], gcs: StallProfileFile['gcs'] = []): StallProfileFile {
  const samples = [...Array<number>(100).fill(3), ...Array<number>(100).fill(4)];
  return {
    profile: {
      nodes: [
        frame(1, '(root)', '', [2, 4]),
        frame(2, 'ingestSlice', 'file:///repo/exporter/ingest/ingestNdjson.ts', [3]),
        frame(3, 'slice', 'node:buffer'),
        frame(4, '(garbage collector)', ''),
      ],
      startTime: 0,
      samples,
      timeDeltas: samples.map(() => 1000),
    },
    stalls,
    gcs,
    firstRequestUs: 0,
    threads: { main: 1 },
  };
}
const stall = (fromMs: number, toMs: number, ranMs: number) => ({
  fromUs: fromMs * 1000,
  toUs: toMs * 1000,
  lateMs: toMs - fromMs - 10,
  ranMs,
  waitedMs: toMs - fromMs - ranMs,
  requests: 3,
});

test('a stall where the thread ran under half its wall time is "no CPU: preempted"', () => {
  const [row] = attributeStalls(file([stall(10, 70, 20)]));
  assert.equal(row!.cause, 'no CPU: preempted');
});

test('a stall the GC pauses cover half of is named for the GC kind', () => {
  const [row] = attributeStalls(file([stall(110, 170, 60)], [{ fromUs: 115_000, ms: 40, kind: 2 }]));
  assert.equal(row!.cause, 'GC mark-compact');
  assert.equal(Math.round(row!.gcMs), 40);
});

test('a busy stall is named for the exporter frame under most of its samples, with the leaf beside it', () => {
  const [row] = attributeStalls(file([stall(10, 70, 60)]));
  assert.equal(row!.cause, 'ingestSlice (exporter/ingest/ingestNdjson.ts:1)');
  assert.match(row!.top, /leaf slice .* 100%/);
});

test('stalls under the bound, or before the first request (start-up), are left out; the summary counts causes', () => {
  const f = file([stall(10, 35, 25), stall(10, 70, 60)]);
  f.firstRequestUs = 5_000;
  assert.equal(attributeStalls(f).length, 1);
  f.firstRequestUs = 20_000;
  assert.equal(attributeStalls(f).length, 0);
  const lines = formatStallRows(attributeStalls(file([stall(10, 70, 60), stall(10, 70, 10)])));
  assert.ok(lines.some((l) => /2 stalls: 100 ms late in all; the main thread ran 70 ms/.test(l)));
  assert.ok(lines.some((l) => /1 x no CPU: preempted/.test(l)));
});
