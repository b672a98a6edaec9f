import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RingBuffer } from './ringBuffer';
import { DEFAULT_TIERS, TieredSeries, TITLE_TIERS } from './tieredSeries';
import { PROFILE_HISTORY_MS } from '../../core/forecast';
import { expectedLevel } from '../../core/forecast/expectedLevel';
import { SeriesStore } from './seriesStore';

test('a full ring keeps the newest samples, oldest first', () => {
  const ring = new RingBuffer(3);
  for (let i = 1; i <= 5; i++) ring.push(i, i * 10);
  assert.deepEqual(ring.toPoints(), [
    { t: 3, v: 30 },
    { t: 4, v: 40 },
    { t: 5, v: 50 },
  ]);
  assert.equal(ring.size, 3);
});

test('a ring refuses a capacity below one', () => {
  assert.throws(() => new RingBuffer(0), /at least 1/);
});

test('a tiered series keeps 5-minute means older than its fine ring', () => {
  const s = new TieredSeries({ fine: 4, minute: 4, coarse: 20, coarseMs: 300_000 });
  for (let i = 0; i < 60; i++) s.push(i * 60_000, i); // one sample a minute for an hour
  const points = s.points();
  const fineStart = 56 * 60_000;
  assert.deepEqual(
    points.slice(-4).map((p) => p.t),
    [56, 57, 58, 59].map((m) => m * 60_000)
  );
  const coarse = points.filter((p) => p.t < fineStart);
  assert.ok(coarse.length >= 9);
  // The first bucket holds minutes 0..4: mean 2, stamped mid-bucket.
  assert.deepEqual(coarse[0], { t: 150_000, v: 2 });
});

test('a tiered series ignores non-finite and out-of-order samples', () => {
  const s = new TieredSeries({ fine: 4, minute: 4, coarse: 4, coarseMs: 300_000 });
  s.push(1000, 1);
  s.push(500, 2);
  s.push(2000, NaN);
  assert.deepEqual(s.points(), [{ t: 1000, v: 1 }]);
});

test('the store forgets the least recently seen title beyond its cap, and counts it', () => {
  const store = new SeriesStore(2, { fine: 2, minute: 2, coarse: 2, coarseMs: 300_000 });
  store.push('a', 1, 1);
  store.push('b', 1, 1);
  store.push('a', 2, 1);
  store.push('c', 2, 1);
  assert.deepEqual(store.keys().sort(), ['a', 'c']);
  assert.equal(store.dropped, 1);
});

test('a ring and a tiered series can hand over only their recent tail', () => {
  const ring = new RingBuffer(4);
  for (let i = 1; i <= 6; i++) ring.push(i, i);
  assert.deepEqual(
    ring.toPoints(5).map((p) => p.t),
    [5, 6]
  );
  const s = new TieredSeries({ fine: 4, minute: 4, coarse: 20, coarseMs: 300_000 });
  for (let i = 0; i < 60; i++) s.push(i * 60_000, i);
  assert.deepEqual(
    s.points(57 * 60_000).map((p) => p.t / 60_000),
    [57, 58, 59]
  );
  assert.ok(s.points(30 * 60_000).every((p) => p.t >= 30 * 60_000));
});

test('forecasts read a sample a minute, plus the newest, from stored points', () => {
  const s = new TieredSeries({ fine: 100, minute: 100, coarse: 10, coarseMs: 300_000 });
  for (let t = 0; t <= 150_000; t += 15_000) s.push(t, t);
  assert.deepEqual(
    s.minutePoints().map((p) => p.t),
    [0, 60_000, 120_000, 150_000]
  );
  assert.equal(s.minutePoints()[1], s.minutePoints()[1], 'the same stored object each time');
});

test('a title series keeps 15-minute means older than its 5-minute ring, for forecasts only', () => {
  const s = new TieredSeries({ fine: 4, minute: 4, coarse: 6, coarseMs: 300_000, days: 10, daysMs: 900_000 });
  for (let i = 0; i < 240; i++) s.push(i * 60_000, i); // four hours, a sample a minute
  const points = s.minutePoints();
  const ts = points.map((p) => p.t);
  assert.deepEqual(
    ts,
    [...ts].sort((a, b) => a - b),
    'oldest first, no overlap between tiers'
  );
  // The six newest closed 5-minute buckets start at minutes 205..230: the coarse ring begins at 207.5.
  const coarseFirst = 207.5 * 60_000;
  const days = points.filter((p) => p.t < coarseFirst);
  // The days ring holds ten closed 15-minute buckets (75..210); the newest overlaps the coarse ring.
  assert.equal(days.length, 9);
  assert.deepEqual(days[0], { t: 82.5 * 60_000, v: 82 });
  assert.deepEqual(days[days.length - 1], { t: 202.5 * 60_000, v: 202 });
  assert.ok(
    s.points().every((p) => p.t >= coarseFirst),
    'the preview history does not carry the days ring'
  );
});

test('with the title tiers, eight days of samples reach the model, so its daily profile is read live', () => {
  const s = new TieredSeries(TITLE_TIERS);
  const DAY = 86_400_000;
  const start = Date.UTC(2026, 10, 20);
  const now = start + 8 * DAY;
  for (let t = start; t <= now; t += 60_000) s.push(t, 1000 + 500 * Math.sin((2 * Math.PI * t) / DAY));
  const t0 = now + 3 * 3600_000;
  const history = s.minutePoints(t0 - PROFILE_HISTORY_MS);
  assert.ok((history[0] as { t: number }).t <= t0 - 7 * DAY, 'a week back before T0');
  assert.equal(expectedLevel(history, t0, now)?.seasonal, true);
  // The 24-hour rings alone would leave the model its flat baseline.
  const short = new TieredSeries(DEFAULT_TIERS);
  for (let t = start; t <= now; t += 60_000) short.push(t, 1000);
  assert.equal(expectedLevel(short.minutePoints(t0 - PROFILE_HISTORY_MS), t0, now)?.seasonal, false);
});

test('a days tier without a positive interval is refused', () => {
  assert.throws(() => new TieredSeries({ ...DEFAULT_TIERS, days: 10, daysMs: 0 }), /positive daysMs/);
});

type Point = { t: number; v: number };

test('minutePoints finds each tier by binary search: the same stored points as a walk over every ring', () => {
  fc.assert(
    fc.property(
      fc.record({
        fine: fc.integer({ min: 1, max: 6 }),
        minute: fc.integer({ min: 1, max: 8 }),
        coarse: fc.integer({ min: 1, max: 8 }),
        days: fc.integer({ min: 1, max: 8 }),
      }),
      fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 0, maxLength: 200 }),
      fc.array(fc.oneof(fc.integer({ min: -1, max: 30_000_000 }), fc.constantFrom(NaN, -Infinity, Infinity)), {
        minLength: 1,
        maxLength: 6,
      }),
      (sizes, gaps, sinces) => {
        const s = new TieredSeries({ ...sizes, coarseMs: 300_000, daysMs: 900_000 });
        // Every sample, to read the tiers back the slow way: each ring's content is what it was handed.
        let t = 0;
        for (const [i, gap] of gaps.entries()) s.push((t += gap), i);
        const internal = s as unknown as {
          minute: { size: number; at(i: number): Point };
          coarse: { size: number; at(i: number): Point };
          days: { size: number; at(i: number): Point };
          newest?: Point;
        };
        const all = (r: { size: number; at(i: number): Point }) => Array.from({ length: r.size }, (_, i) => r.at(i));
        const walk = (r: { size: number; at(i: number): Point }, since: number) => {
          const items = all(r);
          let first = items.length;
          while (first > 0 && (items[first - 1] as Point).t >= since) first--;
          return items.slice(first);
        };
        for (const since of sinces) {
          // The reading before this change, step by step.
          const recent = walk(internal.minute, since);
          const last = recent[recent.length - 1];
          if (internal.newest && last && internal.newest.t > last.t) recent.push(internal.newest);
          const firstRecent = internal.minute.size ? internal.minute.at(0).t : Infinity;
          let withCoarse = recent;
          if (!(since >= firstRecent)) {
            const older = walk(internal.coarse, since).filter((p) => p.t < firstRecent);
            if (older.length) withCoarse = older.concat(recent);
          }
          const first = withCoarse[0]?.t ?? Infinity;
          let expected = withCoarse;
          if (!(since >= first)) {
            const older = walk(internal.days, since).filter((p) => p.t < first);
            if (older.length) expected = older.concat(withCoarse);
          }
          const got = s.minutePoints(since);
          assert.equal(got.length, expected.length);
          got.forEach((p, i) => assert.equal(p, expected[i], 'the same stored object'));
        }
      }
    ),
    { numRuns: 300 }
  );
});

test("minuteHistory's runs name each point by ring and push sequence: one (ring, sequence), one point, read after read", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 1, maxLength: 300 }),
      fc.array(fc.integer({ min: -1, max: 30_000_000 }), { minLength: 1, maxLength: 6 }),
      (gaps, sinces) => {
        const s = new TieredSeries({ fine: 4, minute: 5, coarse: 6, coarseMs: 300_000, days: 7, daysMs: 900_000 });
        const named = new Map<object, Map<number, Point>>();
        let t = 0;
        for (const [i, gap] of gaps.entries()) {
          s.push((t += gap), i);
          for (const since of sinces) {
            const { points, runs } = s.minuteHistory(since);
            assert.deepEqual(points, s.minutePoints(since));
            assert.equal(
              runs.reduce((a, r) => a + r.count, 0),
              points.length,
              'the runs describe every point'
            );
            let at = 0;
            for (const r of runs) {
              assert.ok(r.count > 0);
              const seen = named.get(r.store) ?? new Map<number, Point>();
              named.set(r.store, seen);
              for (let k = 0; k < r.count; k++) {
                const p = points[at + k] as Point;
                const before = seen.get(r.first + k);
                if (before) assert.equal(p, before, 'a (ring, sequence) read again is the same point');
                seen.set(r.first + k, p);
              }
              at += r.count;
            }
          }
        }
      }
    ),
    { numRuns: 100 }
  );
});

test('a read planned on a tiered series copies the same points as minuteHistory then, after any pushes, until released', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 400 }),
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 1, max: 200_000 }),
      fc.integer({ min: 0, max: 3 }),
      (before, after, stepMs, holders) => {
        const s = new TieredSeries({ fine: 8, minute: 6, coarse: 5, coarseMs: 300_000, days: 4, daysMs: 900_000 });
        let t = 0;
        for (let k = 0; k < before; k++) s.push((t += stepMs), k);
        const since = t / 2;
        const then = s.minuteHistory(since);
        const reads = Array.from({ length: holders + 1 }, () => s.readHistory(since));
        for (let k = 0; k < after; k++) s.push((t += stepMs), -k);
        for (const read of reads) {
          assert.deepEqual(read.runs, then.runs);
          const points = read.points();
          assert.equal(points.length, then.points.length);
          points.forEach((p, i) => assert.equal(p, then.points[i], 'the very points read then'));
          assert.equal(read.lastUpTo(Infinity), then.points[then.points.length - 1]);
          read.release();
          read.release(); // a second release does nothing
        }
      }
    ),
    { numRuns: 300 }
  );
});
