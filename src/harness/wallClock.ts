import type { HistorySnapshot, RecentSeries } from '../../core/history/snapshot';

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
