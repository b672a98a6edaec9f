import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CalendarEvent } from '../calendar/event';
import { EVENT_KINDS } from '../calendar/event';
import { eventForecast, type EventForecastInput } from './eventForecast';
import { ForecastMemo } from './forecastMemo';
import type { PastEvent, Point } from './types';

const MIN = 60_000;
const DAY = 1440 * MIN;
const T0 = Date.UTC(2026, 10, 20, 20); // a Friday: some histories reach into the weekend before

/** A title's series as the exporter's rings hold it: coarse far back, a minute apart near now. */
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
  fc.record({ kind: fc.constant('append' as const), seconds: fc.integer({ min: 1, max: 900 }) }),
  fc.record({ kind: fc.constant('rewrite' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('drop-front' as const), points: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('back' as const), seconds: fc.integer({ min: 1, max: 3600 }) }),
  fc.record({ kind: fc.constant('past' as const), ratio: fc.double({ min: 1.1, max: 4, noNaN: true }) }),
  // A ring's first bucket mean, centred before the title's first sample, joins the front.
  fc.record({ kind: fc.constant('prepend' as const), seconds: fc.integer({ min: 1, max: 3 * 86_400 }) }),
  // A point between two others (a tier boundary moving: one mean becomes several samples).
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
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
        changes: fc.array(change, { minLength: 1, maxLength: 6 }),
      }),
      (c) => {
        const start = T0 + c.startMin * MIN;
        let event: CalendarEvent = {
          id: 'ev',
          title: 't',
          kind: c.kind,
          start,
          end: start + c.lengthMin * MIN,
          timeZone: 'UTC',
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
            history = [...history, { t: now, v: last.v * 1.05 }];
          } else if (x.kind === 'rewrite') {
            // A point replaced by another (a ring's minute sample becoming a 5-minute mean).
            const i = Math.min(history.length - 1, Math.floor(x.at * history.length));
            const p = history[i] as Point;
            history = history.map((q, j) => (j === i ? { t: p.t, v: p.v * 0.9 + 1 } : q));
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
          } else if (x.kind === 'move') {
            const start = event.start + x.minutes * MIN;
            event = { ...event, start, end: start + c.lengthMin * MIN };
          } else if (x.kind === 'replan') event = { ...event, expectedPeak: (event.expectedPeak ?? c.level) * x.ratio };
          else past = [...past, { kind: c.kind, baseline: 100, observedPeak: 100 * x.ratio, expectedPeak: 150 }];
          same(x.kind);
        }
      }
    ),
    { numRuns: Number(process.env.MEMO_RUNS ?? 60) }
  );
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
