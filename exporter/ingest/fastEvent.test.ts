import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { telemetryEventSchema } from './eventSchema';
import { fastEvent, INVALID, UNSURE } from './fastEvent';

const near = <T>(values: T[]) => fc.constantFrom(...values);
const field = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 3 }),
  near(['', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(256), 'x'.repeat(257), 'x'.repeat(1024), 'x'.repeat(1025)]),
  near(['playing', 'buffering', 'paused', 'ended', 'success', 'failure', 'timeout', 'aborted', 'heartbeat']),
  near([0, 1e-6, 9.99e-7, 1e-50, 1, 1.5, 99, 100, 599, 600, 3_600_000, 3_600_001, 1e7, 1e7 + 1, -1]),
  near([2 ** 53, 2 ** 53 + 2, 8_640_000_000_000_000, 8_640_000_000_000_001, 1e39, -0]),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 })
);
const keys = [
  'sid',
  'title',
  'state',
  'cdn',
  'region',
  'device',
  'weight',
  'ts',
  'outcome',
  'reason',
  'method',
  'status',
  'duration_ms',
  'bytes',
  'extra',
];
const bases = [
  {
    type: 'heartbeat',
    sid: 's1',
    title: 'T',
    state: 'playing',
    cdn: 'akamai',
    region: 'eu',
    device: 'tv',
    weight: 2,
    ts: 1,
  },
  { type: 'login', outcome: 'failure', reason: 'timeout', method: 'password', region: 'eu', device: 'tv' },
  { type: 'segment', title: 'T', cdn: 'akamai', status: 504, duration_ms: 10, bytes: 100 },
];
// A valid event with some keys dropped and some replaced by values near and past the bounds.
const item = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...bases),
      fc.dictionary(fc.constantFrom(...keys, 'type'), fc.oneof(field, fc.constant('drop' as const)), { maxKeys: 3 })
    )
    .map(([base, changes]) => {
      const out: Record<string, unknown> = { ...base };
      for (const [k, v] of Object.entries(changes))
        if (v === 'drop') delete out[k];
        else out[k] = v;
      return out;
    }),
  fc.jsonValue()
);

test('property: the hand-written checks agree with the zod schema on every value they decide', () => {
  let valid = 0;
  fc.assert(
    fc.property(item, (value) => {
      // Drop keys whose value is undefined, as JSON.parse would never produce them.
      const input = JSON.parse(JSON.stringify(value ?? null)) as unknown;
      const fast = fastEvent(input);
      const zod = telemetryEventSchema.safeParse(input);
      if (fast === UNSURE) return;
      if (fast === INVALID) assert.equal(zod.success, false, JSON.stringify(input));
      else {
        valid++;
        assert.deepStrictEqual(fast, zod.data, JSON.stringify(input));
      }
    }),
    { numRuns: 20_000 }
  );
  assert.ok(valid > 100, `only ${valid} valid events generated`);
});

test('a heartbeat comes out as zod gives it: unknown keys dropped, the weight defaulted', () => {
  const input = { type: 'heartbeat', sid: 's', title: 'T', state: 'playing', __proto__x: 1, ts: 5 };
  assert.deepStrictEqual(fastEvent(input), telemetryEventSchema.parse(input));
});
