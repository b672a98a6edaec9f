import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CalendarEvent } from '../calendar/event';
import { EVENT_KINDS } from '../calendar/event';
import type { BandPoint, Point } from './types';
import { eventForecast, BANDS, type EventForecastInput, type ResourceLoad } from './eventForecast';
import { MAX_LOG_RATE_PER_MIN, MAX_WIDTH_RATE_PER_MIN, orderedModelPoints, rampThroughRuns } from './eventForecastPath';
import { stepAt } from './saturation';
import { nowcast, type NowcastOptions } from './nowcast';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 20, 0);
const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  id: 'ev-1',
  title: 'Finale',
  kind: 'premiere',
  start: T0,
  end: T0 + 120 * MIN,
  timeZone: 'UTC',
  ...over,
});
/** A launch: 100k before T0, climbing to 1M over the first half hour. */
const launch = (now: number): Point[] => {
  const out: Point[] = [];
  for (let t = T0 - 120 * MIN; t <= now; t += MIN) {
    const m = (t - T0) / MIN;
    out.push({ t, v: m < 0 ? 100_000 : 100_000 + 900_000 * Math.min(1, m / 30) });
  }
  return out;
};
const viewers = (limit: number, from = T0 - 6 * 60 * MIN): ResourceLoad => ({
  resource: 'viewers',
  rest: 0,
  perViewer: 1,
  capacity: [{ t: from, v: limit }],
});
/** A model that knows the launch: the test reads the guards and the rule, not the engine's accuracy. */
const knowing = (_h: Point[], o: { now: number; horizonMs: number; stepMs: number }): BandPoint[] => {
  const out: BandPoint[] = [];
  for (let t = o.now + o.stepMs; t <= o.now + o.horizonMs; t += o.stepMs) {
    const p50 = 100_000 + 900_000 * Math.min(1, Math.max(0, (t - T0) / (30 * MIN)));
    out.push({ t, p10: 0.8 * p50, p50, p90: 1.2 * p50 });
  }
  return out;
};
const base = (now: number, over: Partial<EventForecastInput> = {}): EventForecastInput => ({
  event: event(),
  now,
  history: launch(now),
  resources: [viewers(5_000_000)],
  slos: [],
  ...over,
});

test('the path runs on the T0-aligned grid from now to the window end, never past the event end', () => {
  const now = T0 + 7 * MIN + 13_000;
  const f = eventForecast(base(now));
  assert.ok(f.path.length > 10);
  assert.ok(f.path.every((p) => p.t > now && p.t <= T0 + 120 * MIN));
  assert.ok(f.path.every((p) => Number.isInteger(p.minute) && p.minute % f.window.stepMin === 0));
  assert.equal(f.path[f.path.length - 1]!.t, T0 + 120 * MIN);
});

test('an upcoming event gets negative minutes from its lead-in, and a green status far from capacity', () => {
  const f = eventForecast(base(T0 - 45 * MIN));
  assert.ok(f.path[0]!.minute < 0);
  assert.equal(f.status, 'green');
  assert.equal(f.binding, 'viewers');
});

test('the peak is never below the peak already observed in the event', () => {
  const now = T0 + 40 * MIN;
  const dropping: Point[] = launch(now).map((p) => (p.t > T0 + 35 * MIN ? { t: p.t, v: 200_000 } : p));
  const f = eventForecast(base(now, { history: dropping }));
  assert.ok(f.peak!.p10 >= 1_000_000);
});

test('red when the P50 crosses viewer capacity within 30 minutes, bound by viewers', () => {
  const f = eventForecast(base(T0 + 10 * MIN, { resources: [viewers(600_000)], model: knowing }));
  assert.equal(f.status, 'red');
  assert.equal(f.binding, 'viewers');
  const p50 = f.saturation.find((s) => s.band === 'p50')!;
  // 100k + 900k·m/30 reaches 600k at m = 16.7, read between grid points, not at one.
  assert.ok(Math.abs(p50.at - (T0 + (500 / 30) * MIN)) < 1_000, `p50 at ${(p50.at - T0) / MIN} min`);
});

test('a breached login SLO turns a live event red at once, bound by the SLO', () => {
  const f = eventForecast(base(T0 + 5 * MIN, { slos: [{ slo: 'login_success', ratio: 0.75, objective: 0.99 }] }));
  assert.deepEqual([f.status, f.binding], ['red', 'slo:login_success']);
});

test('an SLO breach does not bind an event a day away', () => {
  const f = eventForecast(
    base(T0 - 24 * 60 * MIN, { slos: [{ slo: 'segment_errors', ratio: 0.06, objective: 0.01 }] })
  );
  assert.equal(f.status, 'green');
});

test('a capacity step is read at the minute it lands', () => {
  const now = T0 + 10 * MIN;
  const scaled = viewers(5_000_000);
  const cut: ResourceLoad = {
    ...scaled,
    capacity: [
      { t: T0 - 60 * MIN, v: 5_000_000 },
      { t: T0 + 50 * MIN, v: 300_000 },
    ],
  };
  const f = eventForecast(base(now, { resources: [cut], model: knowing }));
  assert.equal(f.saturation.find((s) => s.band === 'p50')?.at, T0 + 50 * MIN);
});

test('a new title with a plan and no samples gets the plan as its path from T0', () => {
  const f = eventForecast(base(T0 - 30 * MIN, { history: [], event: event({ expectedPeak: 2_000_000 }) }));
  assert.ok(f.path.length > 0 && f.path[0]!.t >= T0);
  assert.ok(Math.abs(f.peak!.p50 - 2_000_000) < 1);
});

test('nothing known (no samples, no plan) still gives a status, without a peak', () => {
  const f = eventForecast(base(T0 - 30 * MIN, { history: [] }));
  assert.equal(f.peak, undefined);
  assert.equal(f.status, 'green');
});

// ---- Properties (point 4 of issue 11) over random histories, calendars, capacities and models ----

const kinds = fc.constantFrom(...EVENT_KINDS);
const value = fc.oneof(fc.double({ min: 0, max: 5e6, noNaN: true }), fc.constantFrom(Number.NaN, Infinity, -5));
/** A model that may return anything: unordered quantiles, NaN, negatives, jumps, points outside the horizon. */
const wildModel = fc.array(fc.record({ dt: fc.integer({ min: -120, max: 2000 }), a: value, b: value, c: value }), {
  maxLength: 80,
});

const scenario = fc.record({
  kind: kinds,
  durationMin: fc.integer({ min: 5, max: 900 }),
  nowMin: fc.integer({ min: -240, max: 900 }),
  walk: fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: 0, maxLength: 400 }),
  start: fc.double({ min: 0, max: 2e6, noNaN: true }),
  caps: fc.array(
    fc.record({ atMin: fc.integer({ min: -300, max: 900 }), v: fc.double({ min: 1, max: 4e6, noNaN: true }) }),
    {
      minLength: 1,
      maxLength: 4,
    }
  ),
  rest: fc.double({ min: 0, max: 1e6, noNaN: true }),
  perViewer: fc.double({ min: 0, max: 3, noNaN: true }),
  model: fc.option(wildModel, { nil: undefined }),
  expectedPeak: fc.option(fc.double({ min: 1, max: 5e6, noNaN: true }), { nil: undefined }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function build(s: Scenario): { input: EventForecastInput; observed?: number } {
  const now = T0 + s.nowMin * MIN;
  const history: Point[] = [];
  let v = s.start;
  for (let i = 0; i < s.walk.length; i++) {
    const t = now - (s.walk.length - 1 - i) * MIN;
    v = Math.max(0, v * Math.exp(s.walk[i] as number));
    history.push({ t, v });
  }
  let observed: number | undefined;
  for (const p of history) if (p.t >= T0 && p.t <= now) observed = Math.max(observed ?? 0, p.v);
  const capacity = s.caps.map((c) => ({ t: T0 + c.atMin * MIN, v: c.v })).sort((a, b) => a.t - b.t);
  const model = s.model
    ? (_h: Point[], o: { now: number }): BandPoint[] =>
        s.model!.map((m) => ({ t: o.now + m.dt * MIN, p10: m.a, p50: m.b, p90: m.c }))
    : undefined;
  return {
    observed,
    input: {
      event: event({ kind: s.kind, end: T0 + s.durationMin * MIN, expectedPeak: s.expectedPeak }),
      now,
      history,
      resources: [
        { resource: 'viewers', rest: 0, perViewer: 1, capacity },
        { resource: 'logins', rest: s.rest, perViewer: s.perViewer, capacity },
      ],
      slos: [],
      ...(model ? { model } : {}),
    },
  };
}

const runs = { numRuns: 300 };

test('property: P10 ≤ P50 ≤ P90 at every path point and in the peak', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const f = eventForecast(build(s).input);
      for (const p of [...f.path, ...(f.peak ? [f.peak] : [])]) {
        assert.ok(p.p10 >= 0 && p.p10 <= p.p50 && p.p50 <= p.p90 && Number.isFinite(p.p90), JSON.stringify(p));
      }
    }),
    runs
  );
});

test('property: the peak is never below the highest value observed in the event', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { input, observed } = build(s);
      const f = eventForecast(input);
      if (observed === undefined) return;
      assert.ok(f.peak, 'an observed event has a peak');
      for (const b of BANDS) assert.ok(f.peak[b] >= observed, `${b} ${f.peak[b]} < observed ${observed}`);
    }),
    runs
  );
});

test('property: path and saturation instants stay within the window, from now, never after the event end', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { input } = build(s);
      const f = eventForecast(input);
      assert.ok(f.window.end <= input.event.end);
      for (const p of f.path) assert.ok(p.t > input.now - 1 && p.t >= f.window.start && p.t <= f.window.end);
      for (const x of f.saturation) assert.ok(x.at >= f.window.start && x.at >= input.now && x.at <= f.window.end);
    }),
    runs
  );
});

test('property: the band is continuous: no quantile steps faster than the stated rate', () => {
  const limit = MAX_LOG_RATE_PER_MIN + MAX_WIDTH_RATE_PER_MIN;
  fc.assert(
    fc.property(scenario, (s) => {
      const f = eventForecast(build(s).input);
      for (let i = 1; i < f.path.length; i++) {
        const a = f.path[i - 1]!;
        const b = f.path[i]!;
        const minutes = (b.t - a.t) / MIN;
        assert.equal(minutes, f.window.stepMin, 'no gap in the grid');
        for (const q of BANDS) {
          const jump = Math.abs(Math.log1p(b[q]) - Math.log1p(a[q]));
          assert.ok(jump <= limit * minutes + 1e-9, `${q} jumps ${jump} in ${minutes} min`);
        }
      }
    }),
    runs
  );
});

test('property: a saturation time is reported only where the path reaches the capacity in force then, and first', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { input } = build(s);
      const f = eventForecast(input);
      for (const r of input.resources) {
        for (const band of BANDS) {
          const demand = f.path.map((p) => ({ t: p.t, v: r.rest + p[band] * r.perViewer }));
          const at = f.saturation.find((x) => x.resource === r.resource && x.band === band)?.at;
          const before = demand.filter((d) => at === undefined || d.t < at);
          for (const d of before) assert.ok(d.v < stepAt(r.capacity, d.t)!, 'an earlier point already crossed');
          if (at === undefined) continue;
          const i = demand.findIndex((d) => d.t >= at);
          const right = demand[i]!;
          const left = demand[i - 1];
          const v =
            right.t === at || !left ? right.v : left.v + ((right.v - left.v) * (at - left.t)) / (right.t - left.t);
          assert.ok(
            v >= stepAt(r.capacity, at)! * (1 - 1e-9),
            `${band} at ${at}: ${v} under ${stepAt(r.capacity, at)}`
          );
        }
      }
    }),
    runs
  );
});

test('a title idling at 0 before T0 is forecast from its plan, not from its zeros', () => {
  const zeros = launch(T0 - 30 * MIN).map((p) => ({ t: p.t, v: 0 }));
  const f = eventForecast(base(T0 - 30 * MIN, { history: zeros, event: event({ expectedPeak: 40_000 }) }));
  assert.ok(Math.abs(f.peak!.p50 - 40_000) < 1);
  const idle = eventForecast(base(T0 - 30 * MIN, { history: zeros }));
  assert.deepEqual(idle.peak, { p10: 0, p50: 0, p90: 0 });
});

test('a band whose width steps per horizon bucket is published as a ramp through the middle of each step', () => {
  const stairs = [0.2, 0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 0.4];
  const times = stairs.map((_, i) => i * MIN);
  const ramp = rampThroughRuns(times, stairs);
  assert.deepEqual(
    ramp.map((v) => Math.round(v * 1000) / 1000),
    [0.2, 0.2, 0.225, 0.275, 0.325, 0.375, 0.4, 0.4]
  );
  // Through the whole function: with such a model the width never holds flat between two rises.
  const stepped = (_h: Point[], o: { now: number; horizonMs: number; stepMs: number }): BandPoint[] => {
    const out: BandPoint[] = [];
    for (let t = o.now + o.stepMs; t <= o.now + o.horizonMs; t += o.stepMs) {
      const w = 0.1 * (1 + Math.floor((t - o.now) / (20 * MIN)));
      out.push({ t, p10: 500_000 * Math.exp(-w), p50: 500_000, p90: 500_000 * Math.exp(w) });
    }
    return out;
  };
  const f = eventForecast(base(T0 + 10 * MIN, { model: stepped, event: event({ kind: 'live', end: T0 + 180 * MIN }) }));
  const widths = f.path.map((p) => Math.log(p.p90 / p.p50));
  const rises = widths.slice(1).map((w, i) => w - widths[i]!);
  const inner = rises.slice(2, -8); // away from the anchored start and the flat tail after the last step
  assert.ok(
    inner.every((r) => r > 0),
    `the width keeps rising: ${rises.map((r) => r.toFixed(3)).join(' ')}`
  );
});

test('an event a day away asks its model only from one grid step before its window, not over the day before it', () => {
  const now = T0 - 24 * 60 * MIN;
  const asked: { options?: NowcastOptions; band: BandPoint[] } = { band: [] };
  const f = eventForecast(
    base(now, {
      history: Array.from({ length: 360 }, (_, i) => ({ t: now - (359 - i) * MIN, v: 100_000 })),
      model: (h, options) => {
        asked.options = options;
        asked.band = nowcast(h, options);
        return asked.band;
      },
    })
  );
  const from = f.window.start - f.window.stepMin * MIN;
  assert.equal(asked.options?.from, from);
  assert.ok(
    asked.band.length > 0 && asked.band.every((p) => p.t >= from && p.t <= f.window.end + f.window.stepMin * MIN)
  );
  assert.ok(f.path.length > 0 && f.path.every((p) => p.t >= f.window.start));
});

/** The ramp as first written (knots listed, then read): the oracle for the one-pass version. */
function rampByKnots(times: readonly number[], values: readonly number[]): number[] {
  const knots: { t: number; v: number }[] = [];
  for (let i = 0; i < values.length;) {
    let j = i;
    const v = values[i] as number;
    while (j + 1 < values.length && Math.abs((values[j + 1] as number) - v) <= 1e-4) j++;
    knots.push({ t: ((times[i] as number) + (times[j] as number)) / 2, v });
    i = j + 1;
  }
  let k = 0;
  return times.map((t) => {
    while (k + 1 < knots.length && (knots[k + 1] as { t: number }).t <= t) k++;
    const a = knots[k] as { t: number; v: number };
    const b = knots[k + 1];
    if (!b || t <= a.t) return a.v;
    return a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
  });
}

test('property: the one-pass ramp is the ramp through the middle of each flat run', () => {
  const runs = fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.double({ min: 0, max: 3, noNaN: true })), {
    maxLength: 12,
  });
  fc.assert(
    fc.property(runs, fc.integer({ min: 1, max: 10 }), (spec, stepMin) => {
      const values = spec.flatMap(([len, v]) => Array.from({ length: len }, () => v));
      const times = values.map((_, i) => T0 + i * stepMin * MIN);
      assert.deepEqual(rampThroughRuns(times, values), rampByKnots(times, values));
    })
  );
});

test('a planned rebroadcast is forecast from its plan before T0, an unplanned one from its level', () => {
  // The demo's 20:40 finale airing: 26k already watching the title, a 300k plan, 50 minutes to go.
  const now = T0 - 50 * MIN;
  const flat: Point[] = [];
  for (let t = T0 - 8 * 24 * 60 * MIN; t <= now; t += 15 * MIN) flat.push({ t, v: 26_000 });
  const rebroadcast = (expectedPeak?: number) =>
    eventForecast({
      ...base(now, { history: flat }),
      event: event({ kind: 'rebroadcast', end: T0 + 76 * MIN, ...(expectedPeak ? { expectedPeak } : {}) }),
    });
  const planned = rebroadcast(300_000).peak!;
  assert.ok(planned.p50 > 150_000 && planned.p50 < 600_000, `P50 ${planned.p50.toFixed(0)} near the 300k plan`);
  assert.ok(planned.p10 <= planned.p50 && planned.p50 <= planned.p90);
  const unplanned = rebroadcast().peak!;
  assert.ok(unplanned.p50 < 60_000, `without a plan the level speaks: P50 ${unplanned.p50.toFixed(0)}`);
});

test('orderedModelPoints orders each point and the band by time, leaving the model band unchanged', () => {
  const band: BandPoint[] = [
    { t: 3, p10: 9, p50: 5, p90: 1 },
    { t: 1, p10: 1, p50: 2, p90: 3 },
    { t: 2, p10: NaN, p50: 4, p90: Infinity },
    { t: 0, p10: 1, p50: 1, p90: 1 },
  ];
  const copy = structuredClone(band);
  const out = orderedModelPoints(band, 0);
  assert.deepStrictEqual(out, [
    { t: 1, p10: 1, p50: 2, p90: 3 },
    { t: 2, p10: 4, p50: 4, p90: 4 },
    { t: 3, p10: 1, p50: 5, p90: 9 },
  ]);
  assert.deepStrictEqual(band, copy);
  // The same band again gives the same points (the backtest reads one band for every capacity).
  assert.deepStrictEqual(orderedModelPoints(band, 0), out);
});
