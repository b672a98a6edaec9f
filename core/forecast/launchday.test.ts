import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLaunchday } from './launchday';
import type { LaunchTemplate } from './template';
import type { Point } from './types';

const MIN = 60_000;
const DAY = 1440 * MIN;
const T0 = Date.UTC(2026, 2, 18, 10); // a Wednesday
/** A daily swing of ±40% around 1000, peaking at 16:00 UTC. */
const usual = (t: number) => 1000 * (1 + 0.4 * Math.sin(((t % DAY) / DAY - 10 / 24) * 2 * Math.PI));
/** A template that says the level doubles within the hour. */
const template: LaunchTemplate = {
  kind: 'episode',
  stepMin: 5,
  startMin: -60,
  windowMin: 360,
  ratio: Array.from({ length: 85 }, (_, i) => (i <= 12 ? 1 : 1 + Math.min(1, (i - 12) / 12))),
  source: 'test',
};
const series = (from: number, to: number, stepMin: number, v: (t: number) => number): Point[] => {
  const out: Point[] = [];
  for (let t = from; t <= to; t += stepMin * MIN) out.push({ t, v: v(t) });
  return out;
};

test('when the template does not fit a series that follows its usual day, the forecast follows that day', () => {
  const now = T0 + 60 * MIN;
  const history = series(T0 - 8 * DAY, now, 10, usual);
  const fit = fitLaunchday(history, { template, t0: T0, now, kind: 'episode' });
  assert.ok(fit, 'a daily profile is known: the expected level itself is the forecast');
  assert.equal(fit.amplitude, 0);
  for (const h of [60, 180, 300]) {
    const t = now + h * MIN;
    assert.ok(Math.abs(fit.at(t) / usual(t) - 1) < 0.03, `${h} min: ${fit.at(t)} vs ${usual(t)}`);
  }
});

test('without a day of history the same misfit still falls back (to Holt, in nowcast)', () => {
  const now = T0 + 60 * MIN;
  const flat = series(T0 - 3 * 60 * MIN, now, 10, () => 1000);
  assert.equal(fitLaunchday(flat, { template, t0: T0, now, kind: 'episode' }), undefined);
});

test('before T0, early arrivals above the pre-event level are held to T0, not dropped to its median', () => {
  // Flat at 1000, then a lobby filling from T0-90 min: 1000 -> 4000 by T0-30 (now).
  const now = T0 - 30 * MIN;
  const lobby = (t: number) => (t < T0 - 90 * MIN ? 1000 : 1000 + (3000 * (t - (T0 - 90 * MIN))) / (60 * MIN));
  const history = series(T0 - 5 * 60 * MIN, now, 1, lobby);
  const fit = fitLaunchday(history, { template, t0: T0, now, kind: 'episode' });
  assert.ok(fit);
  for (const m of [-20, -10, 0]) {
    const v = fit.at(T0 + m * MIN);
    assert.ok(v >= 4000 * 0.99, `T0${m} min: ${v} fell below the 4000 already arrived`);
  }
  // A dip below the pre-event level is not held: the path is the plain fit's.
  const dip = series(T0 - 5 * 60 * MIN, now, 1, (t) => (t < T0 - 40 * MIN ? 1000 : 600));
  const dipFit = fitLaunchday(dip, { template, t0: T0, now, kind: 'episode' });
  assert.ok(dipFit);
  assert.ok(dipFit.at(T0) > 600, 'the dip is not carried to T0');
});
