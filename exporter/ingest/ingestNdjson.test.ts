import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultAllowLists } from '../config/schema';
import { TelemetryState } from '../state/telemetryState';
import { ingestBatch } from './ingestBatch';
import { IngestLedger } from './ingestLedger';
import { GROUP_LINES, ingestNdjson, ingestNdjsonInSlices, SLICE_LINES } from './ingestNdjson';
import { newRawLogin, newRawSegment, scanHeartbeat, scanLogin, scanSegment } from './lineScan';
import { newRawHeartbeat } from '../state/telemetryEvent';

/** Bytes as a latin1 string (one char per byte), so generated lines may hold any byte, invalid UTF-8 too. */
const u8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const str = (s: string) => u8(JSON.stringify(s));

/** Mostly values the fast path takes, sometimes odd ones (escaped, out of bounds, of another type). */
const values = (usual: string[], odd: string[]) =>
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...usual) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });

// Values as JSON text: plain, escaped (equal to a plain one, or not), non-ASCII, invalid UTF-8, near bounds.
const sids = values(
  ['"s1"', '"s2"', '"s3"', '"0f8fad5b-d9cb-469f-a165-70867728950e"', str('x'.repeat(256)), '"s\x7f"'],
  [
    '"s\\u0031"', // "s1" written with an escape: the same session
    '"s\\"q"',
    str('sé'),
    '"\xff\xfe"',
    '""',
    str('x'.repeat(257)),
    '"s\x01"',
    '1',
    'null',
  ]
);
const titles = values(
  ['"T"', '"U"', '"Surge"', str('Été à Paris'), str('日本語のタイトル'), '"\xc3"', '"\xe2\x82"'],
  [
    '"\\u0054"', // "T"
    str('t'.repeat(1024)),
    str('t'.repeat(1025)),
    str('é'.repeat(600)), // 1200 bytes, 600 code units: valid
    str('é'.repeat(100)), // cut to 128 bytes as a label
    '""',
    '["T"]',
  ]
);
const types = values(
  ['"heartbeat"'],
  ['"Heartbeat"', '"heartbeats"', '"segment"', '"login"', '"heartbea\\u0074"', '"x"']
);
const states = values(['"playing"', '"buffering"', '"paused"', '"ended"'], ['"Playing"', '"play\\u0069ng"', '1']);
const labels = values(
  ['"akamai"', '"fastly"', '"eu"', '"na"', '"web"', '"tv"', '"zz"', str('ü')],
  ['"\\u0061kamai"', '""', str('x'.repeat(257)), 'null']
);
const weights = values(
  ['1', '2', '0.5', '1.0', '0.000001', '10000000', '10000000.0', '3.14159', '1.2345678901234'],
  [
    '1e0',
    '1E-6',
    '0.0000009',
    '10000001',
    '-1',
    '01',
    '1.',
    '.5',
    '"1"',
    'null',
    '0',
    '-0',
    '123456789012345678',
    '1.2345678901234567',
  ]
);
const tss = values(
  ['0', '999000', '1000000', '1000500', '1005000', '2000000', '999999999999999'],
  ['5.0', '1e3', '-1', '8640000000000000', '8640000000000001', '9007199254740993', '"1"', '1000000.5', '00']
);
const space = values(['', '', '', ' ', '\t', '  ', '\r'], ['\f', '\xa0', '\v']);
const keyText = (k: string) => (k === 'type' ? values(['"type"'], ['"t\\u0079pe"', '"type "']) : fc.constant(`"${k}"`));

const field = (key: string, value: fc.Arbitrary<string>) =>
  fc.tuple(keyText(key), value).map(([k, v]) => [k, v] as const);
const heartbeatFields = fc.tuple(
  field('type', types),
  field('sid', sids),
  field('title', titles),
  field('state', states),
  fc.option(field('cdn', labels), { freq: 8 }),
  fc.option(field('region', labels), { freq: 8 }),
  fc.option(field('device', labels), { freq: 8 }),
  fc.option(field('weight', weights), { freq: 2 }),
  fc.option(field('ts', tss), { freq: 2 }),
  // Sometimes other keys: unknown ones, a segment's or a login's, and duplicates of the heartbeat's own.
  fc.oneof(
    { weight: 5, arbitrary: fc.constant([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.oneof(
          field('extra', fc.constantFrom('1', '{"a":[1,2]}', '"x"', 'null')),
          field('__proto__', fc.constantFrom('{"polluted":1}', '1')),
          field('outcome', fc.constantFrom('"success"', '"failure"')),
          field('cdn', fc.constantFrom('"akamai"', '"other"')),
          field('status', fc.constantFrom('200', '504', '"timeout"')),
          field('sid', sids),
          field('state', states)
        ),
        { maxLength: 2 }
      ),
    }
  )
);

const line = fc
  .tuple(heartbeatFields, fc.array(space, { minLength: 6, maxLength: 6 }), fc.integer())
  .map(([[type, sid, title, state, cdn, region, device, weight, ts, extras], ws, order]) => {
    const pairs = [type, sid, title, state, cdn, region, device, weight, ts, ...extras].filter((p) => p !== null);
    // A deterministic shuffle from `order`, so fast-check can shrink it.
    for (let i = pairs.length - 1, r = order; i > 0; i--, r = (r * 1103515245 + 12345) | 0) {
      const j = Math.abs(r) % (i + 1);
      [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
    }
    const [a, b, c, d, e, f] = ws as [string, string, string, string, string, string];
    return `${a}{${b}${pairs.map(([k, v]) => `${k}${c}:${d}${v}`).join(`${e},${b}`)}${c}}${f}`;
  });
const otherLine = fc.constantFrom(
  '{"type":"segment","title":"T","cdn":"akamai","status":504,"duration_ms":120}',
  '{"type":"login","outcome":"failure","method":"password","reason":"timeout"}',
  '{"type":"heartbeat","sid":"s1","title":"T","state":"playing"}', // labels missing: from the session
  '{"type":"heartbeat","sid":"s2","title":"T","state":"ended","ts":1000400}',
  '',
  '   ',
  '\xc2\xa0', // U+00A0 alone: blank to trim(), not to JSON
  '{not json',
  '[1,2]',
  '{}',
  '\xef\xbb\xbf{"type":"heartbeat","sid":"s1","title":"T","state":"playing","cdn":"akamai","region":"eu","device":"web"}'
);
/** A line with one byte deleted, replaced or inserted (a newline too, which splits it). */
/** Pairs as JSON text, in an order from `order` (deterministic, so fast-check can shrink it). */
function objectText(pairs: (readonly [string, string])[], ws: string[], order: number): string {
  for (let i = pairs.length - 1, r = order; i > 0; i--, r = (r * 1103515245 + 12345) | 0) {
    const j = Math.abs(r) % (i + 1);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  const [a, b, c, d, e, f] = ws as [string, string, string, string, string, string];
  return `${a}{${b}${pairs.map(([k, v]) => `${k}${c}:${d}${v}`).join(`${e},${b}`)}${c}}${f}`;
}
const segmentLine = fc
  .tuple(
    field('type', values(['"segment"'], ['"Segment"', '"segments"', '"heartbeat"', '"segmen\\u0074"'])),
    field('title', titles),
    fc.option(field('cdn', labels), { freq: 8 }),
    field(
      'status',
      values(
        ['200', '204', '404', '504', '599', '100', '"timeout"', '"aborted"'],
        ['99', '600', '504.0', '5e2', '"504"', '"Timeout"', 'null', '-1']
      )
    ),
    fc.option(
      field(
        'duration_ms',
        values(['0', '120', '3600000', '12.5', '0.001'], ['3600001', '-1', '1e2', '"1"', 'null', '00'])
      ),
      { freq: 2 }
    ),
    fc.option(
      field('bytes', values(['0', '1048576', '999999999999999'], ['1.5', '-1', '9007199254740993', '1e6', 'null'])),
      { freq: 2 }
    ),
    fc.oneof(
      { weight: 5, arbitrary: fc.constant([]) },
      {
        weight: 1,
        arbitrary: fc.array(
          fc.oneof(
            field('extra', fc.constantFrom('1', '"x"')),
            field('cdn', labels),
            field('status', fc.constantFrom('200', '"timeout"'))
          ),
          { maxLength: 2 }
        ),
      }
    ),
    fc.array(space, { minLength: 6, maxLength: 6 }),
    fc.integer()
  )
  .map(([type, title, cdn, status, duration, bytes, extras, ws, order]) =>
    objectText(
      [type, title, cdn, status, duration, bytes, ...extras].filter((p) => p !== null),
      ws,
      order
    )
  );
const loginLine = fc
  .tuple(
    field('type', values(['"login"'], ['"Login"', '"logins"', '"heartbeat"', '"logi\\u006e"'])),
    field('outcome', values(['"success"', '"failure"'], ['"Success"', '"fail"', '"succes\\u0073"', 'true', 'null'])),
    fc.option(
      field(
        'reason',
        values(
          ['"timeout"', '"bad_password"', str('é'.repeat(32))],
          [str('r'.repeat(64)), str('r'.repeat(65)), str('é'.repeat(33)), '""', '1']
        )
      ),
      { freq: 2 }
    ),
    fc.option(
      field('method', values(['"password"', '"sso"', str('ü')], [str('m'.repeat(257)), '""', 'null', '"p\\u0061ss"'])),
      { freq: 2 }
    ),
    fc.option(field('region', labels), { freq: 2 }),
    fc.option(field('device', labels), { freq: 2 }),
    fc.oneof(
      { weight: 5, arbitrary: fc.constant([]) },
      {
        weight: 1,
        arbitrary: fc.array(
          fc.oneof(
            field('extra', fc.constantFrom('1', '"x"')),
            field('outcome', fc.constantFrom('"success"', '"failure"')),
            field('sid', sids)
          ),
          { maxLength: 2 }
        ),
      }
    ),
    fc.array(space, { minLength: 6, maxLength: 6 }),
    fc.integer()
  )
  .map(([type, outcome, reason, method, region, device, extras, ws, order]) =>
    objectText(
      [type, outcome, reason, method, region, device, ...extras].filter((p) => p !== null),
      ws,
      order
    )
  );
const mutated = fc
  .tuple(
    fc.oneof(line, segmentLine, loginLine),
    fc.nat(),
    fc.constantFrom('delete', 'replace', 'insert'),
    fc.constantFrom('"', '\\', '\n', '}', ',', ':', ' ', '\xff', '\xc3', '0', 'e', '.')
  )
  .map(([l, at, how, byte]) => {
    const i = l.length === 0 ? 0 : at % l.length;
    if (how === 'delete') return l.slice(0, i) + l.slice(i + 1);
    if (how === 'replace') return l.slice(0, i) + byte + l.slice(i + 1);
    return l.slice(0, i) + byte + l.slice(i);
  });
const body = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: line },
        { weight: 2, arbitrary: segmentLine },
        { weight: 1, arbitrary: loginLine },
        { weight: 2, arbitrary: mutated },
        { weight: 1, arbitrary: otherLine }
      ),
      { maxLength: 80, size: 'max' } // past GROUP_LINES: a session's lines within one group and across groups
    ),
    fc.constantFrom('\n', '\r\n')
  )
  .map(([lines, eol]) => Buffer.from(lines.join(eol), 'latin1'));

function statePair(limits: { maxSessions: number; seriesBudget: number; maxSurgingTitles: number }) {
  const make = () =>
    new TelemetryState({
      catalog: ['T', 'Été à Paris'],
      allow: { ...defaultAllowLists, cdn: ['akamai', 'fastly'], region: ['eu', 'na'], device: ['web', 'tv'] },
      sessionTtlMs: 30_000,
      ...limits,
    });
  const string = make();
  const bytes = make();
  bytes.sessions.seed = string.sessions.seed;
  return { string, bytes };
}

/** What a scrape, a sample and the state file can see of a state. */
function observed(state: TelemetryState, now: number) {
  return {
    viewers: state.viewerCounts(now),
    tuples: state.viewerLabels.tuples,
    folded: state.viewerLabels.folded,
    sessions: [state.sessions.size, state.sessions.ended, state.sessions.started, state.sessions.refused],
    rows: state.sessions.exportRows(0, 1_000_000).toString('base64'),
    surging: state.guard.surging.admittedTitles(),
    segments: state.segmentRequests.entries(),
    failures: state.segmentFailures.entries(),
    logins: state.loginAttempts.entries(),
    loginFailures: state.loginFailures.entries(),
  };
}

const ledgerOf = (ledger: IngestLedger) =>
  [ledger.accepted, ledger.rejected, ledger.ignored, ledger.refusedRequests].map((c) =>
    [...c.bySource].map(([source, counts]) => [source, [...counts]])
  );

test('property: the byte path gives what the string path gives: events, per-line errors, counters, state', () => {
  const raw = newRawHeartbeat();
  const segment = newRawSegment();
  const login = newRawLogin();
  let fast = 0;
  let fastSegments = 0;
  let fastLogins = 0;
  let grouped = 0;
  fc.assert(
    fc.property(
      fc.array(body, { minLength: 1, maxLength: 4 }),
      fc.record({
        maxSessions: fc.constantFrom(3, 2000),
        seriesBudget: fc.constantFrom(4, 200),
        maxSurgingTitles: fc.constantFrom(0, 2),
      }),
      (bodies, limits) => {
        const { string, bytes } = statePair(limits);
        const ledgers = { string: new IngestLedger(), bytes: new IngestLedger() };
        bodies.forEach((b, k) => {
          const now = 1_000_000 + k * 1000;
          const expected = ingestBatch(b.toString('utf8'), 'ndjson', string, ledgers.string, now);
          const actual = ingestNdjson(b, bytes, ledgers.bytes, now);
          assert.deepStrictEqual(actual, expected, b.toString('latin1'));
          if (actual.accepted + actual.rejected > GROUP_LINES) grouped++;
          for (let at = 0; at <= b.length;) {
            let end = scanHeartbeat(b, at, b.length, raw, bytes.sessions.seed);
            if (end >= 0) fast++;
            else if ((end = scanSegment(b, at, b.length, segment)) >= 0) fastSegments++;
            else if ((end = scanLogin(b, at, b.length, login)) >= 0) fastLogins++;
            const next = end >= 0 ? end : b.indexOf(10, at);
            at = next < 0 ? b.length + 1 : next + 1;
          }
        });
        const now = 1_000_000 + bodies.length * 1000;
        assert.deepStrictEqual(ledgerOf(ledgers.bytes), ledgerOf(ledgers.string));
        assert.deepStrictEqual(observed(bytes, now), observed(string, now));
      }
    ),
    { numRuns: 400 }
  );
  assert.ok(fast > 250, `only ${fast} heartbeat lines took the fast path: the generator hardly reaches it`);
  assert.ok(fastSegments > 50, `only ${fastSegments} segment lines took the fast path`);
  assert.ok(fastLogins > 50, `only ${fastLogins} login lines took the fast path`);
  assert.ok(grouped > 20, `only ${grouped} bodies had more lines than one group`);
});

test('an unknown title surging through the byte path gets its series, as through the string path', () => {
  const { string, bytes } = statePair({ maxSessions: 5000, seriesBudget: 200, maxSurgingTitles: 2 });
  const lines = Array.from(
    { length: 600 },
    (_, i) =>
      `{"type":"heartbeat","sid":"s${i}","title":"Surprise","state":"playing","cdn":"akamai","region":"eu","device":"web"}`
  ).join('\n');
  const ledger = new IngestLedger();
  const expected = ingestBatch(lines, 'ndjson', string, new IngestLedger(), 1000);
  assert.deepStrictEqual(ingestNdjson(Buffer.from(lines), bytes, ledger, 1000), expected);
  assert.deepEqual(bytes.guard.surging.admittedTitles(), ['Surprise']);
  assert.deepStrictEqual(observed(bytes, 1000), observed(string, 1000));
  const surprise = bytes.viewerCounts(1000).filter((c) => c.labels.title === 'Surprise');
  assert.ok(surprise.length === 1 && surprise[0]!.viewers > 0);
});

test('an unknown title surging in segment results through the byte path gets its series, as through the string path', () => {
  // Segment results of a title the guard does not know yet: each is counted towards its surge once,
  // the byte path's label cache answering for the known ones only (a mutation that lets it answer for
  // unknown ones too never admits the title).
  const { string, bytes } = statePair({ maxSessions: 5000, seriesBudget: 200, maxSurgingTitles: 2 });
  const lines = Array.from(
    { length: 600 },
    (_, i) =>
      `{"type":"segment","title":"${i % 3 === 0 ? 'T' : 'Surprise'}","cdn":"akamai","status":${i % 7 === 0 ? 504 : 200}}`
  ).join('\n');
  const expected = ingestBatch(lines, 'ndjson', string, new IngestLedger(), 1000);
  assert.deepStrictEqual(ingestNdjson(Buffer.from(lines), bytes, new IngestLedger(), 1000), expected);
  assert.deepEqual(bytes.guard.surging.admittedTitles(), ['Surprise']);
  assert.deepStrictEqual(observed(bytes, 1000), observed(string, 1000));
  const surprise = bytes.segmentRequests.entries().filter((e) => e.labels.title === 'Surprise');
  assert.ok(surprise.length === 1 && surprise[0]!.value > 0);
});

test('a large body taken in slices gives the answer it gets in one go, line numbers and all', async () => {
  const lines = Array.from({ length: 5 * SLICE_LINES }, (_, i) =>
    i % 7 === 0
      ? 'bad'
      : `{"type":"heartbeat","sid":"s${i % 3000}","title":"T","state":"playing","cdn":"akamai","region":"eu","device":"web"}`
  );
  const buf = Buffer.from(lines.join('\n'));
  const one = statePair({ maxSessions: 2000, seriesBudget: 50, maxSurgingTitles: 0 });
  const whole = ingestNdjson(buf, one.bytes, new IngestLedger(), 0);
  const sliced = await ingestNdjsonInSlices(buf, one.string, new IngestLedger(), 0);
  assert.deepStrictEqual(sliced, whole);
  assert.ok(whole.rejected > lines.filter((l) => l === 'bad').length, 'bad lines and refusals (table full)');
  assert.equal(whole.errors[0]!.line, 1);
  assert.equal(whole.accepted + whole.rejected, lines.length);
});
