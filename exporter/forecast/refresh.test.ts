import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalendarEvent } from '../../core/calendar/event';
import { DEFAULT_SLO_OBJECTIVES } from '../../core/status';
import {
  computeForecasts,
  computeForecastsSliced,
  forecastInputs,
  HISTORY_BEFORE_MS,
  REFRESH_SLICE_MS,
  upTo,
  type RefreshInput,
} from './refresh';
import { ForecastMemo } from '../../core/forecast/forecastMemo';
import type { PlatformView } from './platformView';
import { TieredSeries, TITLE_TIERS } from './tieredSeries';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 22, 19, 0);
const premiere: CalendarEvent = {
  id: 'p',
  title: 'New Show',
  kind: 'premiere',
  start: NOW + 60 * MIN,
  end: NOW + 120 * MIN,
  timeZone: 'UTC',
  expectedPeak: 2000,
};

const view = (over: Partial<PlatformView> = {}): PlatformView => ({
  titleSeries: () => undefined,
  titlePeak: () => undefined,
  total: { viewers: 100, loginsPerSecond: 0, segmentsPerSecond: 0 },
  leading: {},
  ...over,
});

const input = (extra: Partial<RefreshInput>): RefreshInput => ({
  now: NOW,
  events: [premiere],
  view: view(),
  capacity: { viewers: 1000 },
  past: [],
  observed: [],
  objectives: DEFAULT_SLO_OBJECTIVES,
  ...extra,
});

const viewers = (extra: Partial<RefreshInput>) => {
  const f = computeForecasts(input(extra)).forecasts[0]!;
  return { headroom: f.headroom.find((h) => h.resource === 'viewers')!.ratio, status: f.status, f };
};

test('an event is read against the capacity in force then, a pre-scaling step included', () => {
  const now = viewers({});
  const scaled = viewers({
    steps: new Map([
      [
        'viewers',
        [
          { t: NOW, v: 1000 },
          { t: NOW + 30 * MIN, v: 5000 },
        ],
      ],
    ]),
  });
  assert.ok(now.headroom < 0, `against today's 1000 the 2000 planned do not fit (${now.headroom})`);
  assert.equal(now.status, 'amber', 'the plan crosses within the window, more than 30 min ahead');
  assert.ok(scaled.headroom > 0.5, `against the 5000 planned from T-30 they do (${scaled.headroom})`);
  assert.equal(scaled.status, 'green');
});

test('a breached SLO in the platform view turns a live event red, bound by that SLO', () => {
  const live = { ...premiere, start: NOW - 5 * MIN };
  const series = [
    { t: NOW - 10 * MIN, v: 500 },
    { t: NOW, v: 600 },
  ];
  const f = computeForecasts(input({ events: [live], view: view({ titleSeries: () => series, segmentErrors: 0.06 }) }))
    .forecasts[0]!;
  assert.deepEqual([f.status, f.binding], ['red', 'slo:segment_errors']);
});

test('events are chosen nearest first: running, then starting within a day; ended and far ones left out', () => {
  const at = (id: string, startMin: number, endMin: number): CalendarEvent => ({
    ...premiere,
    id,
    start: NOW + startMin * MIN,
    end: NOW + endMin * MIN,
  });
  const events = [at('far', 25 * 60, 26 * 60), at('later', 90, 120), at('ended', -60, -1), at('running', -30, 30)];
  assert.deepEqual(
    computeForecasts(input({ events })).forecasts.map((f) => f.event),
    ['running', 'later']
  );
});

test('a refresh hands the model the hours before T0 up to now, no sample after now', () => {
  const asked: { since: number; until?: number }[] = [];
  const later = { t: NOW + 1000, v: 99_999 };
  const series = [{ t: NOW - 2 * MIN, v: 100 }, { t: NOW - MIN, v: 120 }, later];
  const running = { ...premiere, start: NOW - 30 * MIN };
  const f = computeForecasts(
    input({
      events: [running],
      view: view({
        titleSeries: (_title, since) => {
          asked.push({ since });
          return series;
        },
        titlePeak: (_title, since, until) => {
          asked.push({ since, until });
          return Math.max(...series.filter((p) => p.t >= since && p.t <= (until ?? Infinity)).map((p) => p.v));
        },
      }),
    })
  ).forecasts[0]!;
  assert.deepEqual(asked, [{ since: NOW - HISTORY_BEFORE_MS }, { since: running.start, until: NOW }]);
  assert.ok(f.peak!.p50 < later.v, 'a sample after the refresh instant is not its past');
  assert.deepEqual(upTo(series, NOW), series.slice(0, 2));
  assert.equal(upTo(series, NOW + 1000), series, 'no copy when every sample is known');
});

test('with the memo a refresh publishes the same forecasts', () => {
  const memo = new ForecastMemo();
  const series = Array.from({ length: 600 }, (_, i) => ({ t: NOW - (600 - i) * MIN, v: 100 + (i % 60) }));
  const run = (m?: ForecastMemo) =>
    computeForecasts(input({ view: view({ titleSeries: () => series }), ...(m ? { memo: m } : {}) })).forecasts;
  assert.deepEqual(run(memo), run());
  assert.deepEqual(run(memo), run());
  assert.equal(memo.size, 1);
});

/** Ten running events on ten titles, each with a day of minute samples. */
function manyEvents() {
  const events = Array.from({ length: 10 }, (_, i) => ({
    ...premiere,
    id: `e${i}`,
    title: `t${i}`,
    start: NOW - (10 + i) * MIN,
    end: NOW + 120 * MIN,
  }));
  const series = new Map(
    events.map((e, i) => [
      e.title,
      Array.from({ length: 1440 }, (_, k) => ({ t: NOW - (1439 - k) * MIN, v: 100 + i * 10 + (k % 90) })),
    ])
  );
  return { events, series };
}

test('a sliced refresh lets the event loop run between events and publishes the same snapshot', async () => {
  const { events, series } = manyEvents();
  const refresh = input({ events, view: view({ titleSeries: (title) => series.get(title) }) });
  const plain = computeForecasts(refresh);
  let fired = false;
  setTimeout(() => (fired = true), 0);
  const sliced = computeForecastsSliced(refresh, 0); // a slice per event
  assert.equal(fired, false, 'nothing ran yet');
  const snapshot = await sliced;
  assert.equal(fired, true, 'a timer due during the refresh ran before it ended');
  assert.deepEqual(snapshot, plain);
});

test('a sliced refresh reads one snapshot: samples landing between slices are not in it', async () => {
  const { events, series } = manyEvents();
  const refresh = input({ events, view: view({ titleSeries: (title) => series.get(title) }) });
  const plain = computeForecasts(refresh);
  const pending = computeForecastsSliced(refresh, 0);
  // Between slices the view moves on (here every title's series doubles): the refresh read it before.
  let moved = false;
  setImmediate(() => {
    for (const [title, points] of series)
      series.set(
        title,
        points.map((p) => ({ t: p.t, v: p.v * 2 }))
      );
    moved = true;
  });
  const snapshot = await pending;
  assert.ok(moved, 'the view changed while the refresh ran');
  assert.notDeepEqual(computeForecasts(refresh), plain, 'what the refresh would read now differs');
  assert.deepEqual(snapshot, plain);
});

test('a sliced refresh with the default slice publishes what one in one go does', async () => {
  const { events, series } = manyEvents();
  const refresh = input({ events, view: view({ titleSeries: (title) => series.get(title) }) });
  assert.ok(REFRESH_SLICE_MS > 0 && REFRESH_SLICE_MS <= 20);
  assert.deepEqual(await computeForecastsSliced(refresh), computeForecasts(refresh));
});

test("forecastInputs hands the view's runs with the history, cut as the history is at now", () => {
  const s = new TieredSeries(TITLE_TIERS);
  for (let t = NOW - 60 * MIN; t <= NOW + 2 * MIN; t += 15_000) s.push(t, 1000);
  const live = { ...premiere, start: NOW - 30 * MIN, end: NOW + 60 * MIN };
  const read = forecastInputs(
    input({
      events: [live],
      memo: new ForecastMemo(),
      view: view({
        titleSeries: (_t, since) => s.minutePoints(since),
        titleRead: (_t, since) => s.readHistory(since),
      }),
    })
  )[0];
  assert.ok(read?.historyRuns, 'the runs come with a memo');
  assert.ok(read.history.length > 0 && read.history.every((p) => p.t <= NOW), 'no sample after now');
  assert.ok(s.minutePoints(-Infinity).length > read.history.length, 'the samples after now cut off');
  assert.equal(
    read.historyRuns.reduce((a, r) => a + r.count, 0),
    read.history.length,
    'the runs cut with the points'
  );
});

test('a sliced refresh over the rings: samples pushed between slices, pushing planned points out, change no forecast', async () => {
  // Small rings, so the samples pushed while the refresh runs push out points its plan names.
  const tiers = { fine: 20, minute: 30, coarse: 12, coarseMs: 300_000, days: 20, daysMs: 900_000 };
  const { events } = manyEvents();
  const rings = new Map(events.map((e) => [e.title, new TieredSeries(tiers)]));
  const sample = (t: number) => {
    let i = 0;
    for (const ring of rings.values()) ring.push(t, 100 + 10 * i++ + ((t / MIN) % 90));
  };
  for (let t = NOW - 2 * 1440 * MIN; t <= NOW; t += MIN) sample(t);
  const ringView = view({
    titleSeries: (title, since) => rings.get(title)?.minutePoints(since),
    titleRead: (title, since) => rings.get(title)?.readHistory(since),
  });
  const refresh = input({ events, view: ringView });
  const plain = computeForecasts(refresh);
  const memo = new ForecastMemo();
  assert.deepEqual(computeForecasts({ ...refresh, memo }), plain, 'the memo reads the rings as a plain refresh does');
  let clock = NOW;
  let slices = 0;
  const pending = computeForecastsSliced({ ...refresh, memo }, 0); // a slice per event
  // Between every two slices, three hours of samples (after now): each ring pushes out all it kept.
  const between = () => {
    for (let k = 0; k < 180; k++) sample((clock += MIN));
    slices++;
    if (slices < events.length) setImmediate(between);
  };
  setImmediate(between);
  const snapshot = await pending;
  assert.ok(slices >= events.length - 1, `samples came between the slices (${slices} times)`);
  assert.notDeepEqual(computeForecasts(refresh), plain, 'what a refresh would read now differs');
  assert.deepEqual(snapshot, plain);
  // Every read released: a ring keeps no pushed-out point once the refresh is over.
  for (const ring of rings.values()) {
    const read = ring.readHistory(NOW - HISTORY_BEFORE_MS);
    const before = read.points();
    for (let k = 0; k < 60; k++) ring.push((clock += MIN), 1);
    assert.deepEqual(read.points(), before, 'a read held keeps its points');
    read.release();
    for (let k = 0; k < 60; k++) ring.push((clock += MIN), 1);
    assert.throws(() => read.points(), /neither kept nor held/, 'released, the ring kept nothing for it');
  }
});

test('a refresh whose planning throws leaves no ring held, in one go or in slices', async () => {
  // A read holds its rings until released; one left held would keep every point they push out.
  const tiers = { fine: 20, minute: 30, coarse: 12, coarseMs: 300_000, days: 20, daysMs: 900_000 };
  const titles = ['A', 'B', 'C'];
  const rings = new Map(titles.map((t) => [t, new TieredSeries(tiers)]));
  let clock = NOW - 2 * 1440 * MIN;
  for (; clock <= NOW; clock += MIN) for (const ring of rings.values()) ring.push(clock, 100);
  const events: CalendarEvent[] = titles.map((title, i) => ({
    ...premiere,
    id: `e${i}`,
    title,
    start: NOW - 10 * MIN,
    end: NOW + 60 * MIN,
  }));
  const failing = (failOn: string) =>
    input({
      events,
      view: view({
        titleRead: (title, since) => rings.get(title)?.readHistory(since),
        titlePeak: (title) => {
          if (title === failOn) throw new Error(`peak of ${title} unreadable`);
          return undefined;
        },
      }),
    });
  const noneHeld = (why: string) => {
    for (const [title, ring] of rings) {
      const read = ring.readHistory(NOW - HISTORY_BEFORE_MS);
      read.release();
      for (let k = 0; k < 60; k++) ring.push((clock += MIN), 1);
      assert.throws(() => read.points(), /neither kept nor held/, `${why}: ${title} still held`);
    }
  };
  assert.throws(() => forecastInputs(failing('B')), /peak of B unreadable/);
  noneHeld('planning threw (one go)');
  await assert.rejects(computeForecastsSliced(failing('C')), /peak of C unreadable/);
  noneHeld('planning threw (sliced)');
});
