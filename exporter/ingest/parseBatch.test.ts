import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { telemetryEventSchema } from './eventSchema';
import { MAX_LISTED_ERRORS, parseBatch } from './parseBatch';

const hb = (sid: string) => JSON.stringify({ type: 'heartbeat', sid, title: 'T', state: 'playing' });

test('an NDJSON batch with bad lines keeps the good ones and names each bad line', () => {
  const body = [hb('a'), '{not json', JSON.stringify({ type: 'login' }), '', hb('b')].join('\n');
  const batch = parseBatch(body, 'ndjson');
  assert.equal(batch.events.length, 2);
  assert.deepEqual(batch.lines, [1, 5]);
  assert.deepEqual(
    batch.errors.map((e) => e.line),
    [2, 3]
  );
  assert.match(batch.errors[0]!.error, /invalid JSON/);
  assert.match(batch.errors[1]!.error, /outcome/);
});

test('a JSON array reports bad items by their position', () => {
  const body = JSON.stringify([{ type: 'segment', title: 'T', cdn: 'akamai', status: 504 }, { type: 'nope' }]);
  const batch = parseBatch(body, 'json');
  assert.equal(batch.events.length, 1);
  assert.equal(batch.errors[0]!.line, 2);
});

test('heartbeat weight defaults to 1 and must be positive', () => {
  const weighted = parseBatch(
    JSON.stringify({ type: 'heartbeat', sid: 'a', title: 'T', state: 'paused', weight: 0 }),
    'ndjson'
  );
  assert.equal(weighted.events.length, 0);
  const event = parseBatch(hb('a'), 'ndjson').events[0];
  assert.ok(event?.type === 'heartbeat' && event.weight === 1);
});

test('a weight below a micro-viewer (1e-50) or above 1e7 is refused, not counted as 0 or Inf', () => {
  const weight = (w: number) =>
    parseBatch(JSON.stringify({ type: 'heartbeat', sid: 'a', title: 'T', state: 'playing', weight: w }), 'ndjson');
  assert.equal(weight(1e-50).errorCount, 1);
  assert.equal(weight(1e39).errorCount, 1);
  assert.equal(weight(1e-6).events.length, 1);
});

test('__proto__ and constructor keys are dropped, never copied into events', () => {
  const body =
    '{"type":"heartbeat","sid":"a","title":"T","state":"playing","__proto__":{"polluted":1},"constructor":{"x":1}}';
  const event = parseBatch(body, 'ndjson').events[0] as unknown as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(event), Object.prototype);
  assert.equal(Object.hasOwn(event, '__proto__'), false);
  assert.equal(Object.hasOwn(event, 'constructor'), false);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('invalid JSON as a whole array is one clear error', () => {
  const batch = parseBatch('[{"type":', 'json');
  assert.equal(batch.events.length, 0);
  assert.match(batch.errors[0]!.error, /invalid JSON/);
});

test('property: any text never throws, and listed errors stay bounded', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 2000 }), fc.constantFrom('json' as const, 'ndjson' as const), (body, format) => {
      const batch = parseBatch(body, format);
      assert.ok(batch.errors.length <= MAX_LISTED_ERRORS);
      assert.ok(batch.errorCount >= batch.errors.length);
    }),
    { numRuns: 500 }
  );
});

test('property: arbitrary JSON values never throw and every line is accounted for', () => {
  fc.assert(
    fc.property(fc.array(fc.jsonValue(), { maxLength: 50 }), (items) => {
      const body = items.map((v) => JSON.stringify(v)).join('\n');
      const batch = parseBatch(body, 'ndjson');
      assert.equal(batch.events.length + batch.errorCount, items.length);
    }),
    { numRuns: 300 }
  );
});

test('a flood of bad lines lists only the first errors but counts them all', () => {
  const body = Array.from({ length: 5000 }, () => '{}').join('\n');
  const batch = parseBatch(body, 'ndjson');
  assert.equal(batch.errors.length, MAX_LISTED_ERRORS);
  assert.equal(batch.errorCount, 5000);
});

test('two JSON values on one line are an error on that line, not two events', () => {
  const body = [hb('a'), `${hb('b')},${hb('c')}`, hb('d')].join('\n');
  const batch = parseBatch(body, 'ndjson');
  assert.deepEqual(batch.lines, [1, 3]);
  assert.equal(batch.errors[0]!.line, 2);
});

test('NDJSON: two objects on line 1 and one object split over lines 2-3 are three invalid lines', () => {
  const two = `${hb('a')},${hb('b')}`;
  const split = '{"type":"heartbeat","x":[{}\n{}],"sid":"c","title":"T","state":"playing"}';
  const batch = parseBatch(`${two}\n${split}`, 'ndjson');
  assert.equal(batch.events.length, 0);
  assert.deepEqual(
    batch.errors.map((e) => e.line),
    [1, 2, 3]
  );
});

test('a 1 MiB array of 524k invalid items is counted whole, and zod words only the listed errors', () => {
  const body = `[${new Array(524_288).fill('0').join(',')}]`;
  const safeParse = telemetryEventSchema.safeParse.bind(telemetryEventSchema);
  let asked = 0;
  telemetryEventSchema.safeParse = ((value: unknown) => (asked++, safeParse(value))) as typeof safeParse;
  try {
    const batch = parseBatch(body, 'json');
    assert.equal(batch.errorCount, 524_288);
    assert.equal(batch.errors.length, MAX_LISTED_ERRORS);
  } finally {
    telemetryEventSchema.safeParse = safeParse;
  }
  assert.ok(asked <= MAX_LISTED_ERRORS, `zod asked ${asked} times`);
});
