import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossingCalls, rollingEvent, summarizeRolling, ROLLING_FROM_MIN, type RollingEvent } from './rollingStatus';
import { firstCrossing } from './metrics';
import { MIN, T0, rampEvent } from './rampFixture';

const loaded = rampEvent(60, 14 * 12);

test('the rolling status is scored at every step from T-1h, each claim settled against the series', () => {
  const capacities = [2400, 4000];
  const r = rollingEvent(loaded, [], capacities, undefined, 10);
  assert.ok(r.claims.length > 0);
  for (const c of r.claims) {
    assert.ok(c.origin >= T0 + ROLLING_FROM_MIN * MIN && c.origin < loaded.windowEnd);
    assert.equal((c.origin - (T0 + ROLLING_FROM_MIN * MIN)) % (10 * MIN), 0);
    const at = firstCrossing(loaded.points, c.origin, capacities[c.capacity] as number);
    assert.equal(c.reached, at !== undefined && at <= c.origin + 30 * MIN);
  }
  // Once the series has reached 2400 (T0 + 42 min) no claim is asked of that capacity: an incident, not a forecast.
  assert.ok(r.claims.filter((c) => c.capacity === 0).every((c) => c.origin < T0 + 45 * MIN));
  // 4000 is never reached: its claims are all "not reached", and it has no crossing.
  assert.ok(r.claims.filter((c) => c.capacity === 1).every((c) => !c.reached));
  assert.deepEqual(
    r.crossings.map((c) => c.capacity),
    [0]
  );
  const crossing = r.crossings[0];
  assert.ok(crossing && Math.abs(crossing.at - (T0 + 42 * MIN)) < 1e-6);
  // The ramp is called: a red claim exists, and the crossing's calls are the walk over those claims.
  const red = r.claims.filter((c) => c.red && c.capacity === 0);
  assert.ok(red.length > 0, 'the rising series gets a red claim');
  assert.ok(red.every((c) => c.reached));
  const redAt = new Map(r.claims.filter((c) => c.capacity === 0).map((c) => [c.origin, c.red]));
  assert.deepEqual({ firstRed: crossing.firstRed, heldFrom: crossing.heldFrom }, crossingCalls(redAt, crossing.at));
  assert.ok(crossing.firstRed !== undefined && crossing.heldFrom !== undefined);
  assert.ok(crossing.firstRed <= crossing.heldFrom && crossing.firstRed >= crossing.at - 30 * MIN);
});

test('precision counts red claims, recall and leads count crossings', () => {
  const at = T0 + 60 * MIN;
  const events: RollingEvent[] = [
    {
      claims: [
        { origin: T0 + 30 * MIN, capacity: 0, red: true, reached: true },
        { origin: T0 + 40 * MIN, capacity: 0, red: false, reached: true },
        { origin: T0 + 50 * MIN, capacity: 0, red: true, reached: true },
        { origin: T0 + 50 * MIN, capacity: 1, red: true, reached: false },
        { origin: T0 + 55 * MIN, capacity: 1, red: false, reached: false },
      ],
      crossings: [{ capacity: 0, at, firstRed: T0 + 30 * MIN, heldFrom: T0 + 50 * MIN }],
    },
    { claims: [], crossings: [{ capacity: 0, at }] },
  ];
  const s = summarizeRolling(events);
  assert.equal(s.claims, 5);
  assert.equal(s.red, 3);
  assert.equal(s.rightRed, 2);
  assert.equal(s.precision, 2 / 3);
  assert.equal(s.crossings, 2);
  assert.equal(s.recall, 0.5);
  assert.equal(s.recallHeld, 0.5);
  assert.equal(s.leadFirstMin, 30);
  assert.equal(s.leadHeldMin, 10);
  assert.equal(summarizeRolling([]).precision, null);
});

test('a crossing is called by the refreshes in the 30 min before it; a red that lapsed holds from its return', () => {
  const at = T0 + 60 * MIN;
  const calls = (reds: [number, boolean][]) =>
    crossingCalls(new Map(reds.map(([m, r]) => [T0 + m * MIN, r] as [number, boolean])), at);
  const min = (c: ReturnType<typeof crossingCalls>) => ({
    firstRed: c.firstRed === undefined ? undefined : (c.firstRed - T0) / MIN,
    heldFrom: c.heldFrom === undefined ? undefined : (c.heldFrom - T0) / MIN,
  });
  // Red from +35 to the crossing: first red and held red both +35 (given out of order: the walk sorts).
  assert.deepEqual(
    min(
      calls([
        [55, true],
        [25, false],
        [35, true],
        [45, true],
        [30, false],
      ])
    ),
    { firstRed: 35, heldFrom: 35 }
  );
  // Red at +30, lapsed at +40, back at +50: the first red is +30, the held red starts at +50.
  assert.deepEqual(
    min(
      calls([
        [30, true],
        [35, true],
        [40, false],
        [45, false],
        [50, true],
        [55, true],
      ])
    ),
    {
      firstRed: 30,
      heldFrom: 50,
    }
  );
  // Red that lapsed at the last refresh: caught (first red) but not held.
  assert.deepEqual(
    min(
      calls([
        [40, true],
        [50, true],
        [55, false],
      ])
    ),
    { firstRed: 40, heldFrom: undefined }
  );
  // Refreshes more than 30 min before, at or after the crossing do not count.
  assert.deepEqual(
    min(
      calls([
        [20, true],
        [29, true],
        [60, true],
        [65, true],
      ])
    ),
    { firstRed: undefined, heldFrom: undefined }
  );
  assert.deepEqual(
    min(
      calls([
        [29, true],
        [30, true],
        [59, true],
      ])
    ),
    { firstRed: 30, heldFrom: 30 }
  );
  // No red at all: missed.
  assert.deepEqual(
    calls([
      [40, false],
      [50, false],
    ]),
    {}
  );
  assert.deepEqual(calls([]), {});
});
