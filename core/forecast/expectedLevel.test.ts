import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expectedLevel, ProfileMemo } from './expectedLevel';
import type { Point } from './types';

const MIN = 60_000;
const DAY = 1440 * MIN;
const T0 = Date.UTC(2026, 2, 10, 12);
/** A daily swing between 1000 and 3000 (peak at 18:00 UTC), sampled every 10 minutes. */
const usual = (t: number) => 2000 + 1000 * Math.sin(((t % DAY) / DAY) * 2 * Math.PI - Math.PI / 2 - Math.PI / 2);
const series = (from: number, to: number, level: (t: number) => number): Point[] => {
  const out: Point[] = [];
  for (let t = from; t <= to; t += 10 * MIN) out.push({ t, v: level(t) });
  return out;
};

test('with a week of history the expectation follows the daily profile, scaled to the pre-event level', () => {
  // This day runs 20% above the usual: the expectation 6 h after T0 is 1.2 x the usual level then.
  const history = series(T0 - 7 * DAY, T0, (t) => (t > T0 - 2 * 3_600_000 ? 1.2 : 1) * usual(t));
  const e = expectedLevel(history, T0, T0);
  assert.ok(e?.seasonal);
  const at = T0 + 6 * 3_600_000;
  assert.ok(Math.abs(e.at(at) / (1.2 * usual(at)) - 1) < 0.02, `${e.at(at)} vs ${1.2 * usual(at)}`);
});

test('without a day of history it is the flat pre-event baseline', () => {
  const history = series(T0 - 3 * 3_600_000, T0, usual);
  const e = expectedLevel(history, T0, T0);
  assert.ok(e && !e.seasonal);
  assert.equal(e.at(T0 + 3_600_000), e.baseline);
});

test('it reads only samples known at `now`: later samples do not change the expectation', () => {
  const history = series(T0 - 7 * DAY, T0 + 2 * DAY, usual);
  const known = history.filter((p) => p.t <= T0);
  const a = expectedLevel(history, T0, T0);
  const b = expectedLevel(known, T0, T0);
  for (const h of [1, 5, 11]) assert.equal(a?.at(T0 + h * 3_600_000), b?.at(T0 + h * 3_600_000));
});

test('no usable baseline, no expectation', () => {
  assert.equal(expectedLevel([], T0, T0), undefined);
  assert.equal(
    expectedLevel(
      series(T0 - DAY, T0, () => 0),
      T0,
      T0
    ),
    undefined
  );
});

test('a weekend day follows the weekend days of the week before, not the weekdays', () => {
  // 2026-03-14 is a Saturday. Weekends run at twice the weekday level.
  const sat = Date.UTC(2026, 2, 14, 12);
  const level = (t: number) => ([0, 6].includes(new Date(t).getUTCDay()) ? 2 : 1) * usual(t);
  const history = series(sat - 7 * DAY, sat, level);
  const e = expectedLevel(history, sat, sat);
  const at = sat + 6 * 3_600_000;
  assert.ok(Math.abs((e?.at(at) ?? 0) / level(at) - 1) < 0.03, `${e?.at(at)} vs ${level(at)}`);
});

test('property: the expectation does not depend on the order it is read in', () => {
  const history = series(T0 - 8 * DAY, T0, (t) => usual(t) * (1 + 0.1 * Math.sin(t / 7_777_777)));
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -2 * 1440, max: 2 * 1440 }), { minLength: 1, maxLength: 40 }), (minutes) => {
      const ascending = expectedLevel(history, T0, T0);
      const shuffled = expectedLevel(history, T0, T0);
      const times = minutes.map((m) => T0 + m * MIN + 17_000);
      const first = new Map(times.map((t) => [t, shuffled?.at(t)]));
      for (const t of [...times].sort((a, b) => a - b)) assert.equal(ascending?.at(t), first.get(t));
    })
  );
});

test("a kept memo holds the pre-event window's indices and 64 ahead, not more as the window slides", () => {
  // Minute samples; the window (the hour before now) slides for two days of refreshes every 10 minutes.
  const start = T0 - 3 * DAY;
  const history: Point[] = [];
  for (let t = start; t <= T0 - 2 * DAY; t += MIN) history.push({ t, v: usual(t) });
  const memo = new ProfileMemo();
  const eventAt = T0 + DAY;
  let largest = 0;
  for (let now = T0 - 2 * DAY; now <= T0; now += 10 * MIN) {
    for (let t = (history[history.length - 1] as Point).t + MIN; t <= now; t += MIN) history.push({ t, v: usual(t) });
    const kept = expectedLevel(history, eventAt, now, memo);
    assert.deepStrictEqual(kept?.at(eventAt), expectedLevel(history, eventAt, now)?.at(eventAt));
    largest = Math.max(largest, memo.atIndex.length);
  }
  // 61 window points and 64 ahead (it grew by 64 a slide before: 253 after two days).
  assert.ok(largest <= 61 + 64, `held ${largest} indices`);
});
