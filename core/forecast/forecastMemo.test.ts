import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CalendarEvent } from '../calendar/event';
import { EVENT_KINDS } from '../calendar/event';
import { eventForecast, type EventForecastInput } from './eventForecast';
import { ForecastMemo } from './forecastMemo';
import type { PastEvent, Point } from './types';
import type { HistoryRun } from './historyRuns';

const MIN = 60_000;
const DAY = 1440 * MIN;
const T0 = Date.UTC(2026, 10, 20, 20); // a Friday: some histories reach into the weekend before

/** A title's series as the exporter's rings hold it: coarse far back, a minute apart near now. */
/** A one-title event of `kind` from `start`, `lengthMin` long, as the fixed cases below use. */
const eventAt = (kind: CalendarEvent['kind'], start: number, lengthMin: number): CalendarEvent => ({
  id: 'ev',
  title: 't',
  kind,
  start,
  end: start + lengthMin * MIN,
  timeZone: 'UTC',
});

function series(seed: number, from: number, to: number, coarseMin: number, level: number): Point[] {
  const out: Point[] = [];
  const v = (t: number) =>
    level *
    (1 + 0.4 * Math.sin(((t % DAY) / DAY) * 2 * Math.PI + seed)) *
    (t > T0 ? 1 + ((t - T0) / 3_600_000) * 0.8 : 1);
  for (let t = from; t < to - 5 * 60 * MIN; t += coarseMin * MIN) out.push({ t, v: v(t) });
  for (let t = Math.max(from, to - 5 * 60 * MIN); t <= to; t += MIN) out.push({ t, v: v(t) });
  return out;
}

/** One change between two refreshes of the same events. */
const change = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), seconds: fc.integer({ min: 1, max: 900 }), same: fc.boolean() }),
  fc.record({ kind: fc.constant('rewrite' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  // The same array changed in place: a point replaced by another, or by a non-finite sample.
  fc.record({
    kind: fc.constant('in-place' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    v: fc.constantFrom(NaN, Infinity, 1, 0.5),
  }),
  fc.record({ kind: fc.constant('nan' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('drop-front' as const), points: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('back' as const), seconds: fc.integer({ min: 1, max: 3600 }) }),
  fc.record({ kind: fc.constant('past' as const), ratio: fc.double({ min: 1.1, max: 4, noNaN: true }) }),
  // A ring's first bucket mean, centred before the title's first sample, joins the front.
  fc.record({ kind: fc.constant('prepend' as const), seconds: fc.integer({ min: 1, max: 3 * 86_400 }) }),
  // A point between two others (a tier boundary moving: one mean becomes several samples).
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  // A point between two others gone (the minute ring's oldest dropped while the 5-minute means end before it).
  fc.record({ kind: fc.constant('remove' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  // A calendar reload moves the event, or changes its plan.
  fc.record({ kind: fc.constant('move' as const), minutes: fc.integer({ min: -600, max: 600 }) }),
  fc.record({ kind: fc.constant('replan' as const), ratio: fc.double({ min: 0.2, max: 5, noNaN: true }) })
);

test('property: a forecast is the same with the memo as without it, refresh after refresh', () => {
  fc.assert(
    fc.property(
      fc.record({
        kind: fc.constantFrom(...EVENT_KINDS),
        startMin: fc.integer({ min: -300, max: 30 * 60 }),
        lengthMin: fc.integer({ min: 30, max: 14 * 60 }),
        days: fc.integer({ min: 0, max: 9 }),
        coarseMin: fc.constantFrom(5, 15, 60),
        level: fc.double({ min: 10, max: 1e6, noNaN: true }),
        seed: fc.integer({ min: 0, max: 100 }),
        planned: fc.boolean(),
        changes: fc.array(change, { minLength: 1, maxLength: Number(process.env.MEMO_CHANGES ?? 6) }),
      }),
      (c) => {
        let event: CalendarEvent = {
          ...eventAt(c.kind, T0 + c.startMin * MIN, c.lengthMin),
          ...(c.planned ? { expectedPeak: c.level * 3 } : {}),
        };
        let now = T0;
        let history = series(c.seed, now - c.days * DAY - 2 * 3_600_000, now, c.coarseMin, c.level);
        let past: PastEvent[] = [{ kind: c.kind === 'live' ? 'live' : 'episode', baseline: 100, observedPeak: 250 }];
        const memo = new ForecastMemo();
        const input = (): EventForecastInput => ({
          event,
          now,
          history,
          pastEvents: past,
          resources: [{ resource: 'viewers', rest: 0, perViewer: 1, capacity: [{ t: T0 - DAY, v: c.level * 2 }] }],
          slos: [],
        });
        const same = (step: string) =>
          assert.deepStrictEqual(eventForecast({ ...input(), memo }), eventForecast(input()), step);
        same('first');
        same('again, nothing changed');
        for (const x of c.changes) {
          if (x.kind === 'append') {
            // New samples, as the exporter's sampler adds them (the array may be the same or a new one).
            const last = history[history.length - 1] as Point;
            now += x.seconds * 1000;
            const next = { t: now, v: last.v * 1.05 };
            if (x.same) history.push(next);
            else history = [...history, next];
          } else if (x.kind === 'rewrite') {
            // A point replaced by another (a ring's minute sample becoming a 5-minute mean).
            const i = Math.min(history.length - 1, Math.floor(x.at * history.length));
            const p = history[i] as Point;
            history = history.map((q, j) => (j === i ? { t: p.t, v: p.v * 0.9 + 1 } : q));
          } else if (x.kind === 'in-place') {
            const i = Math.min(history.length - 1, Math.floor(x.at * history.length));
            const p = history[i] as Point;
            history[i] = { t: p.t, v: Number.isFinite(x.v) ? p.v * x.v : x.v };
          } else if (x.kind === 'nan') {
            // A non-finite sample in a new array (nowcast drops it; the memo must not keep reading it).
            const i = Math.min(history.length - 1, Math.floor(x.at * history.length));
            const p = history[i] as Point;
            history = history.map((q, j) => (j === i ? { t: p.t, v: NaN } : q));
          } else if (x.kind === 'drop-front') history = history.slice(Math.min(x.points, history.length - 1));
          else if (x.kind === 'back') now -= x.seconds * 1000;
          else if (x.kind === 'prepend') {
            const first = history[0] as Point;
            history = [{ t: first.t - x.seconds * 1000, v: first.v * 0.95 }, ...history];
          } else if (x.kind === 'insert') {
            const i = Math.max(1, Math.min(history.length - 1, Math.floor(x.at * history.length)));
            const a = history[i - 1] as Point;
            const b = history[i] as Point;
            if (b.t - a.t > 1)
              history = [...history.slice(0, i), { t: (a.t + b.t) / 2, v: a.v * 1.1 }, ...history.slice(i)];
          } else if (x.kind === 'remove') {
            const i = Math.max(1, Math.min(history.length - 2, Math.floor(x.at * history.length)));
            if (history.length > 2) history = [...history.slice(0, i), ...history.slice(i + 1)];
          } else if (x.kind === 'move') {
            const start = event.start + x.minutes * MIN;
            event = { ...event, start, end: start + c.lengthMin * MIN };
          } else if (x.kind === 'replan') event = { ...event, expectedPeak: (event.expectedPeak ?? c.level) * x.ratio };
          else past = [...past, { kind: c.kind, baseline: 100, observedPeak: 100 * x.ratio, expectedPeak: 150 }];
          same(x.kind);
        }
      }
    ),
    { numRuns: Number(process.env.MEMO_RUNS ?? 150) }
  );
});

/**
 * Three stores in time order, as the exporter's tiers (15-minute means far back, 5-minute means, a
 * sample a minute) and the newest sample: each store's points are immutable once pushed, numbered by
 * push sequence; a history reads each store's points before the next store's first, so tiers' edges
 * move as stores push and drop (ring overwrite).
 */
class FakeStore {
  points: Point[] = [];
  dropped = 0;
  push(p: Point): void {
    this.points.push(p);
  }
  drop(k: number): void {
    const n = Math.min(k, this.points.length);
    this.points.splice(0, n);
    this.dropped += n;
  }
}

function readStores(stores: FakeStore[], since: number): { points: Point[]; runs: HistoryRun[] } {
  const points: Point[] = [];
  const runs: HistoryRun[] = [];
  stores.forEach((s, k) => {
    const bound = stores.slice(k + 1).find((x) => x.points.length)?.points[0]?.t ?? Infinity;
    let from = 0;
    while (from < s.points.length && (s.points[from] as Point).t < since) from++;
    let to = from;
    while (to < s.points.length && (s.points[to] as Point).t < bound) to++;
    if (to > from) runs.push({ store: s, first: s.dropped + from, count: to - from });
    for (let i = from; i < to; i++) points.push(s.points[i] as Point);
  });
  return { points, runs };
}

const storeChange = fc.oneof(
  fc.record({ kind: fc.constant('sample' as const), seconds: fc.integer({ min: 1, max: 300 }) }),
  fc.record({
    kind: fc.constant('drop' as const),
    store: fc.integer({ min: 0, max: 2 }),
    k: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ kind: fc.constant('mean' as const), store: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('since' as const), minutes: fc.integer({ min: 1, max: 600 }) }),
  // A refresh that passes no runs (the memo compares its points, then the runs again next time).
  fc.record({ kind: fc.constant('no-runs' as const) })
);

test("property: with the rings' runs the memo gives the same forecasts as comparing points, and as no memo", () => {
  fc.assert(
    fc.property(
      fc.record({
        kind: fc.constantFrom(...EVENT_KINDS),
        startMin: fc.integer({ min: -300, max: 30 * 60 }),
        days: fc.integer({ min: 1, max: 9 }),
        level: fc.double({ min: 10, max: 1e6, noNaN: true }),
        seed: fc.integer({ min: 0, max: 100 }),
        changes: fc.array(storeChange, { minLength: 1, maxLength: Number(process.env.MEMO_CHANGES ?? 12) }),
      }),
      (c) => {
        const event = eventAt(c.kind, T0 + c.startMin * MIN, 180);
        let now = T0;
        const v = (t: number) => c.level * (1 + 0.4 * Math.sin(((t % DAY) / DAY) * 2 * Math.PI + c.seed));
        const stores = [new FakeStore(), new FakeStore(), new FakeStore(), new FakeStore()];
        const [far, mid, minute, newest] = stores as [FakeStore, FakeStore, FakeStore, FakeStore];
        for (let t = now - c.days * DAY; t < now - DAY; t += 15 * MIN) far.push({ t, v: v(t) });
        for (let t = now - DAY; t < now - 3 * 60 * MIN; t += 5 * MIN) mid.push({ t, v: v(t) });
        for (let t = now - 3 * 60 * MIN; t < now; t += MIN) minute.push({ t, v: v(t) });
        newest.push({ t: now, v: v(now) });
        let since = now - c.days * DAY;
        const runsMemo = new ForecastMemo();
        const pointsMemo = new ForecastMemo();
        let withRuns = true;
        const same = (step: string) => {
          const read = readStores(stores, since);
          const base: EventForecastInput = {
            event,
            now,
            history: read.points,
            resources: [{ resource: 'viewers', rest: 0, perViewer: 1, capacity: [{ t: T0 - DAY, v: c.level * 2 }] }],
            slos: [],
          };
          const plain = eventForecast(base);
          const runs = eventForecast({ ...base, memo: runsMemo, ...(withRuns ? { historyRuns: read.runs } : {}) });
          assert.deepStrictEqual(runs, plain, `${step}: runs memo`);
          assert.deepStrictEqual(eventForecast({ ...base, memo: pointsMemo }), plain, `${step}: points memo`);
          withRuns = true;
        };
        same('first');
        same('again, nothing changed');
        for (const x of c.changes) {
          if (x.kind === 'sample') {
            // A new newest sample; a minute after the minute store's last it joins that store too.
            now += x.seconds * 1000;
            const p = { t: now, v: v(now) * 1.05 };
            newest.drop(1);
            newest.push(p);
            const last = minute.points[minute.points.length - 1];
            if (!last || now - last.t >= MIN) minute.push(p);
          } else if (x.kind === 'drop') (stores[x.store] as FakeStore).drop(x.k);
          else if (x.kind === 'mean') {
            // A new mean at the end of a coarse store, before the next store's first point.
            const s = stores[x.store] as FakeStore;
            const next = (stores[x.store + 1] as FakeStore).points[0];
            const last = s.points[s.points.length - 1];
            const t = last ? last.t + MIN : now - 4 * 60 * MIN;
            if (!next || t < next.t) s.push({ t, v: v(t) * 0.97 });
          } else if (x.kind === 'since') since += x.minutes * MIN;
          else withRuns = false;
          same(x.kind);
        }
      }
    ),
    { numRuns: Number(process.env.MEMO_RUNS ?? 100) }
  );
});

test('a profile value with no day back inside the history is not reused once the history starts earlier', () => {
  // The review's counterexample (fast-check seed 1462766791): a premiere 181 min ahead with 2 h of
  // history, then prepend, drop-front, prepend. The memo once kept the window's "no profile" values
  // (every day back before the first point) and gave a flat baseline where recomputing gives a seasonal one.
  const event = eventAt('premiere', T0 + 181 * MIN, 30);
  let history = series(0, T0 - 2 * 3_600_000, T0, 5, 10);
  let past: PastEvent[] = [{ kind: 'episode', baseline: 100, observedPeak: 250 }];
  const memo = new ForecastMemo();
  const input = (): EventForecastInput => ({
    event,
    now: T0,
    history,
    pastEvents: past,
    resources: [{ resource: 'viewers', rest: 0, perViewer: 1, capacity: [{ t: T0 - DAY, v: 20 }] }],
    slos: [],
  });
  const same = (step: string) =>
    assert.deepStrictEqual(eventForecast({ ...input(), memo }), eventForecast(input()), step);
  const prepend = (seconds: number) => {
    const first = history[0] as Point;
    history = [{ t: first.t - seconds * 1000, v: first.v * 0.95 }, ...history];
  };
  same('first');
  prepend(68_340);
  same('prepend');
  history = history.slice(1);
  same('drop-front');
  prepend(79_200);
  same('prepend again');
  past = [...past, { kind: 'premiere', baseline: 100, observedPeak: 110, expectedPeak: 150 }];
  same('past');
});

test('a change in place of the same array, the same length, is seen on the Holt path too', () => {
  // A rebroadcast with no plan takes damped Holt (no profile is read): the memo's clean check must not
  // carry over to the next call with the same array.
  const event = eventAt('rebroadcast', T0 + 60 * MIN, 60);
  const history = series(3, T0 - 2 * DAY, T0, 15, 100);
  const memo = new ForecastMemo();
  const input = (): EventForecastInput => ({
    event,
    now: T0,
    history,
    pastEvents: [],
    resources: [{ resource: 'viewers', rest: 0, perViewer: 1, capacity: [{ t: T0 - DAY, v: 300 }] }],
    slos: [],
  });
  const same = (step: string) =>
    assert.deepStrictEqual(eventForecast({ ...input(), memo }), eventForecast(input()), step);
  same('first');
  const i = history.length - 3;
  history[i] = { t: (history[i] as Point).t, v: NaN };
  same('a NaN in place');
  history[i] = { t: (history[i] as Point).t, v: 1e6 };
  same('a spike in place');
});

test('the memo keeps at most maxEvents events, dropping the least recently used', () => {
  const memo = new ForecastMemo(2);
  const a = memo.for('a');
  memo.for('b');
  memo.for('a');
  memo.for('c'); // drops b, the least recently used
  assert.equal(memo.size, 2);
  assert.equal(memo.for('a'), a);
  assert.throws(() => new ForecastMemo(0), /at least 1/);
});
