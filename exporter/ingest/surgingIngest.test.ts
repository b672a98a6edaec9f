import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAllowLists } from '../config/schema';
import { ADMIT_EVENTS } from '../state/surgingTitles';
import { TelemetryState } from '../state/telemetryState';
import type { TelemetryEvent } from '../state/telemetryEvent';
import { IngestLedger } from './ingestLedger';
import { ingestNdjson } from './ingestNdjson';

test('an admitted title that stays hot keeps its series through a flood of one-offs, on the byte and string paths', () => {
  // Its events must still be counted once admitted (the guard and the caches' "counted" bit): before,
  // they were not, so its count only halved each window and it left, then flapped back (REVIEW, session 6).
  const run = (viaBytes: boolean) => {
    const state = new TelemetryState({
      catalog: [],
      allow: defaultAllowLists,
      sessionTtlMs: 30_000,
      maxSessions: 100_000,
      seriesBudget: 100,
      maxSurgingTitles: 2,
    });
    const ledger = new IngestLedger();
    const lines: string[] = [];
    const flush = () => {
      if (!lines.length) return;
      const body = lines.join('\n') + '\n';
      lines.length = 0;
      if (viaBytes) ingestNdjson(Buffer.from(body), state, ledger, 0);
      else for (const line of body.trim().split('\n')) state.apply(JSON.parse(line) as TelemetryEvent, 0);
    };
    const segment = (title: string) =>
      `{"type":"segment","title":${JSON.stringify(title)},"cdn":"akamai","status":200,"duration_ms":20}`;
    const beat = (i: number, title: string) =>
      `{"type":"heartbeat","sid":"s${i % 5000}","title":${JSON.stringify(title)},"state":"playing","cdn":"akamai","region":"eu","device":"tv","weight":1}`;
    for (let i = 0; i < ADMIT_EVENTS + 50; i++) lines.push(segment('Surge'));
    flush();
    // 640,000 one-off titles (over three windows of 200,000 unknown-title events, the bar's fade with
    // nothing counted), Surge 1 event in 3 throughout.
    let surgeFolded = 0;
    for (let i = 0; i < 640_000; i++) {
      lines.push(segment(`one-off ${i}`));
      if (i % 2 === 0) lines.push(i % 4 ? segment('Surge') : beat(i, 'Surge'));
      if (lines.length >= 500) {
        flush();
        if (!state.guard.surging.has('Surge')) surgeFolded++;
      }
    }
    flush();
    return { surgeFolded, admitted: state.guard.surging.admittedTitles() };
  };
  for (const viaBytes of [true, false]) {
    const { surgeFolded, admitted } = run(viaBytes);
    assert.deepEqual(admitted, ['Surge'], viaBytes ? 'bytes' : 'strings');
    assert.equal(surgeFolded, 0, `${viaBytes ? 'bytes' : 'strings'}: batches with Surge not admitted`);
  }
});
