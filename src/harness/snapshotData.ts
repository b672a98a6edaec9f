import {
  createDataFrame,
  type DataFrame,
  dateTime,
  FieldType,
  LoadingState,
  type PanelData,
  type TimeRange,
} from '@grafana/data';

import type { HistorySnapshot, RecentSeries } from '../../core/history/snapshot';

/** Snapshot series names to the panel's roles (refIds named after the roles are found without options). */
const ROLE_BY_NAME: Record<string, string> = {
  launchday_concurrent_viewers: 'viewers',
  login_success_ratio: 'loginSuccessRatio',
  segment_error_ratio: 'segmentErrorRatio',
  capacity_viewers: 'capacity',
  launchday_capacity_viewers: 'capacity',
};

function seriesFrame(s: RecentSeries, refId: string): DataFrame {
  return createDataFrame({
    refId,
    name: s.name,
    fields: [
      { name: 'Time', type: FieldType.time, values: s.times },
      { name: 'Value', type: FieldType.number, values: s.values, labels: { __name__: s.name, ...s.labels } },
    ],
  });
}

/** Calendar events as region annotations, the form any Grafana annotation source takes. */
function eventAnnotations(snapshot: HistorySnapshot): DataFrame {
  const events = snapshot.events;
  return createDataFrame({
    refId: 'calendar',
    fields: [
      { name: 'id', type: FieldType.string, values: events.map((e) => e.id) },
      { name: 'time', type: FieldType.time, values: events.map((e) => e.start) },
      { name: 'timeEnd', type: FieldType.time, values: events.map((e) => e.end) },
      { name: 'title', type: FieldType.string, values: events.map((e) => e.title) },
      { name: 'tags', type: FieldType.other, values: events.map((e) => [e.kind]) },
    ],
  });
}

/** The window shown: the history, and ahead through the next event's end (at least three hours, at most a day). */
export function snapshotRange(snapshot: HistorySnapshot): TimeRange {
  const first = Math.min(snapshot.now - 3600_000, ...snapshot.series.flatMap((s) => s.times.slice(0, 1)));
  const upcoming = snapshot.events.filter((e) => e.end > snapshot.now).map((e) => e.end + 15 * 60_000);
  const to = Math.min(snapshot.now + 24 * 3600_000, Math.max(snapshot.now + 3 * 3600_000, ...upcoming));
  const from = dateTime(first);
  const until = dateTime(to);
  return { from, to: until, raw: { from, to: until } };
}

/** PanelData as Grafana would hand it to the panel, built from the exporter's recent history. */
export function snapshotData(snapshot: HistorySnapshot): PanelData {
  const series = snapshot.series
    .filter((s) => ROLE_BY_NAME[s.name])
    .map((s) => seriesFrame(s, ROLE_BY_NAME[s.name]!));
  return {
    state: LoadingState.Done,
    series,
    annotations: snapshot.events.length ? [eventAnnotations(snapshot)] : [],
    timeRange: snapshotRange(snapshot),
  };
}
