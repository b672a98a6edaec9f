import { dateTime, type TimeRange } from '@grafana/data';

import type { HistorySnapshot, RecentSeries } from '../../core/history/snapshot';
import type { ReplayClock } from '../panels/overlay/components/ReplayTag';

/**
 * A replay's snapshot is on the replay's clock (HistorySnapshot.timeScale); the war room reads wall-clock
 * time only. Every instant is mapped back onto the wall: the snapshot's `now` is `wallNow`, and a simulated
 * minute lasts 1/timeScale of a real one. A live snapshot is returned as it is.
 */
export function onWallClock(snapshot: HistorySnapshot, wallNow: number): HistorySnapshot {
  const scale = snapshot.timeScale;
  if (!scale || scale === 1) {
    return snapshot;
  }
  const wall = (t: number) => wallNow + (t - snapshot.now) / scale;
  const series = snapshot.series.map((s): RecentSeries => ({
    ...s,
    times: s.times.map(wall),
    // Instants published as values (seconds since the epoch) are on the same clock.
    values: s.name.endsWith('_timestamp_seconds') ? s.values.map((v) => wall(v * 1000) / 1000) : s.values,
  }));
  const events = snapshot.events.map((e) => ({ ...e, start: wall(e.start), end: wall(e.end) }));
  return { ...snapshot, now: wallNow, series, events };
}

/**
 * The window a replay is shown in: the one the snapshot's own clock would show (an hour back, through the next
 * event), mapped onto the wall like every instant, so an hour of replay spans the axis rather than a sliver.
 */
export function rangeOnWall(range: TimeRange, snapshot: HistorySnapshot, wallNow: number): TimeRange {
  const scale = snapshot.timeScale;
  if (!scale || scale === 1) {
    return range;
  }
  const wall = (t: number) => dateTime(wallNow + (t - snapshot.now) / scale);
  const from = wall(range.from.valueOf());
  const to = wall(range.to.valueOf());
  return { from, to, raw: { from, to } };
}

/** The replay's clock for the REPLAY tag, when the snapshot is a replay's. */
export function replayClock(snapshot: HistorySnapshot, wallNow: number): ReplayClock | undefined {
  return snapshot.timeScale && snapshot.timeScale !== 1
    ? { timeScale: snapshot.timeScale, simulatedAt: snapshot.now, wallAt: wallNow }
    : undefined;
}
