import { dateTime } from '@grafana/data';

import { onWallClock, rangeOnWall } from './wallClock';

const MIN = 60_000;

describe('onWallClock', () => {
  it('maps a x20 replay onto the wall clock: an hour of replay lasts three real minutes', () => {
    const snapshot = {
      now: 10 * 60 * MIN,
      timeScale: 20,
      series: [
        { name: 'launchday_concurrent_viewers', labels: {}, times: [9 * 60 * MIN, 10 * 60 * MIN], values: [1, 2] },
      ],
      events: [
        { id: 'e', title: 'E', kind: 'live' as const, start: 11 * 60 * MIN, end: 12 * 60 * MIN, timeZone: 'UTC' },
      ],
    };
    const wallNow = Date.UTC(2026, 11, 1, 9, 0, 0);
    const wall = onWallClock(snapshot, wallNow);
    expect(wall.now).toBe(wallNow);
    expect(wall.series[0]!.times).toEqual([wallNow - 3 * MIN, wallNow]);
    expect(wall.events[0]!.start).toBe(wallNow + 3 * MIN);
    expect(wall.events[0]!.end - wall.events[0]!.start).toBe(3 * MIN);
    expect(wall.series[0]!.values).toEqual([1, 2]);
  });

  it('leaves a live snapshot as it is', () => {
    const snapshot = { now: 5, series: [], events: [] };
    expect(onWallClock(snapshot, 99)).toBe(snapshot);
  });

  it('shows a replay in the window its own clock would, mapped onto the wall', () => {
    const snapshot = { now: 10 * 60 * MIN, timeScale: 60, series: [], events: [] };
    const range = { from: dateTime(9 * 60 * MIN), to: dateTime(13 * 60 * MIN), raw: { from: 'a', to: 'b' } };
    const wall = rangeOnWall(range, snapshot, 1_000_000);
    expect(wall.from.valueOf()).toBe(1_000_000 - MIN);
    expect(wall.to.valueOf()).toBe(1_000_000 + 3 * MIN);
  });
});
