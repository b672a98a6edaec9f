import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventForecast, HISTORY_MS, type EventForecastInput } from '../../core/forecast';
import { ForecastMemo } from '../../core/forecast/forecastMemo';
import type { CalendarEvent, EventKind } from '../../core/calendar/event';
import { TieredSeries, TITLE_TIERS } from './tieredSeries';
import { cutAt } from './refresh';

const MIN = 60_000;
const DAY = 1440 * MIN;
const T0 = Date.UTC(2026, 10, 22, 20);

test("over the exporter's rings the memo gives the same forecasts and keeps its profile values, with the rings' runs or not", () => {
  // Four titles fed as the sampler feeds them (a minute apart for 8 days, then every 15 s), read as
  // forecastInputs reads them, refreshed every 30 s for an hour: the rings drop a point mid-history
  // every minute (the minute ring's oldest) and move their tiers' edges every 5 and 15 minutes.
  const kinds: EventKind[] = ['premiere', 'episode', 'live', 'rebroadcast'];
  const events: CalendarEvent[] = kinds.map((kind, i) => {
    const start = i % 2 ? T0 - 20 * MIN : T0 + (3 + 5 * i) * 60 * MIN;
    return { id: `e${i}`, title: `t${i}`, kind, start, end: start + 3 * 60 * MIN, timeZone: 'UTC' };
  });
  const level = (i: number, t: number) =>
    (1000 + 300 * i) *
    (1 + 0.3 * Math.sin(((t % DAY) / DAY) * 2 * Math.PI + i)) *
    (i % 2 && t > T0 - 20 * MIN ? 1 + Math.min(1, (t - T0 + 20 * MIN) / (60 * MIN)) : 1);
  const rings = events.map(() => new TieredSeries(TITLE_TIERS));
  let clock = T0 - 8 * DAY - 30 * MIN;
  for (; clock <= T0; clock += clock < T0 - 5 * 60 * MIN ? MIN : 15_000)
    rings.forEach((r, i) => r.push(clock, level(i, clock)));
  clock = T0;
  const memo = new ForecastMemo();
  const pointsMemo = new ForecastMemo();
  const read = (i: number) => cutAt((rings[i] as TieredSeries).minuteHistory(clock - HISTORY_MS), clock);
  const input = (i: number): EventForecastInput => ({
    event: events[i] as CalendarEvent,
    now: clock,
    history: read(i).history,
    resources: [{ resource: 'viewers', rest: 0, perViewer: 1, capacity: [{ t: T0 - DAY, v: 5000 }] }],
    slos: [],
  });
  const generations = events.map(() => [] as number[]);
  for (let refresh = 0; refresh < 120; refresh++) {
    for (let k = 0; k < 2; k++) {
      clock += 15_000;
      rings.forEach((r, i) => r.push(clock, level(i, clock)));
    }
    events.forEach((e, i) => {
      const plain = eventForecast(input(i));
      // The memo reading the rings' runs (as forecastInputs hands them), and comparing the points.
      const withRuns = eventForecast({ ...input(i), historyRuns: read(i).runs, memo });
      assert.deepStrictEqual(withRuns, plain, `${e.kind} ${refresh}: runs`);
      assert.deepStrictEqual(eventForecast({ ...input(i), memo: pointsMemo }), plain, `${e.kind} ${refresh}: points`);
      generations[i]?.push(memo.for(e.id).profile.generation);
    });
  }
  // Launch fits read the profile: a running event's kept values are dropped where its lookups a day
  // back meet a tier's moving edge (the 5-minute means' oldest, 12 times an hour), an upcoming one's
  // hardly at all; not at every minute's mid-history drop (before: 17, 61 and 17 of 120 refreshes).
  for (const i of [0, 1, 2]) {
    const bumps = new Set(generations[i]).size;
    assert.ok(bumps <= 15, `${kinds[i]}: the profile dropped ${bumps} times in 120 refreshes`);
  }
});

test("the memo over the rings' runs drops what it read from points cut off the history's end (the clock stepped back)", () => {
  // An event a day and a half hour away reads, a day back, the last hour's samples for its profile.
  // A refresh at an earlier instant cuts the newest points off: the kept values that read them go.
  const ring = new TieredSeries(TITLE_TIERS);
  const level = (t: number) => 1000 * (1 + 0.3 * Math.sin(((t % DAY) / DAY) * 2 * Math.PI)) + (t % 7) * 3;
  for (let t = T0 - 8 * DAY; t <= T0; t += t < T0 - 5 * 60 * MIN ? MIN : 15_000) ring.push(t, level(t));
  // The last half hour jumps, so values read from it differ from those read without it.
  for (let t = T0 - 30 * MIN + 15_000; t <= T0 + 30 * MIN; t += 15_000) ring.push(t, 3 * level(t));
  const start = T0 + DAY + 30 * MIN;
  const event: CalendarEvent = {
    id: 'e',
    title: 't',
    kind: 'premiere',
    start,
    end: start + 3 * 60 * MIN,
    timeZone: 'UTC',
  };
  const memo = new ForecastMemo();
  const at = (now: number) => {
    const read = cutAt(ring.minuteHistory(now - HISTORY_MS), now);
    const input: EventForecastInput = {
      event,
      now,
      history: read.history,
      resources: [{ resource: 'viewers', rest: 0, perViewer: 1, capacity: [{ t: T0 - DAY, v: 1e6 }] }],
      slos: [],
    };
    return { plain: eventForecast(input), withRuns: eventForecast({ ...input, historyRuns: read.runs, memo }) };
  };
  const first = at(T0 + 30 * MIN);
  assert.deepStrictEqual(first.withRuns, first.plain);
  for (const back of [10, 20, 40]) {
    const { plain, withRuns } = at(T0 + 30 * MIN - back * MIN);
    assert.deepStrictEqual(withRuns, plain, `${back} min back`);
  }
  assert.notDeepStrictEqual(at(T0 - 10 * MIN).plain.path, first.plain.path, 'the cut reaches the forecast');
});
