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
import { PUBLISHED_METRICS } from '../panels/overlay/data/publishedForecast';

/** Snapshot series names to the panel's roles (refIds named after the roles are found without options). */
const ROLE_BY_NAME: Record<string, string> = {
  launchday_concurrent_viewers: 'viewers',
  login_success_ratio: 'loginSuccessRatio',
  segment_error_ratio: 'segmentErrorRatio',
  capacity_viewers: 'capacity',
  launchday_capacity_viewers: 'capacity',
  // The forecaster's published series, each under the refId named after its part (as a dashboard would).
  ...Object.fromEntries(Object.entries(PUBLISHED_METRICS).map(([part, name]) => [name, part])),
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

/**
 * The window shown: the history (at least an hour back), and ahead through the end of the next event, or
 * three hours, whichever is later (at most a day): what a war-room dashboard's `now-3h..now+3h` would show.
 */
export function snapshotRange(snapshot: HistorySnapshot): TimeRange {
  const { now } = snapshot;
  const first = Math.min(now - 3600_000, ...snapshot.series.flatMap((s) => s.times.slice(0, 1)));
  const next = snapshot.events.filter((e) => e.end > now).sort((a, b) => a.start - b.start)[0];
  const to = Math.min(now + 24 * 3600_000, Math.max(now + 3 * 3600_000, (next?.end ?? 0) + 15 * 60_000));
  const from = dateTime(first);
  const until = dateTime(to);
  return { from, to: until, raw: { from, to: until } };
}

/**
 * A replay's path minutes are the replay's: on the wall (see wallClock.ts) a minute from the start
 * lasts 1/timeScale of one, so the label is scaled as the instants were.
 */
function onWallMinutes(s: RecentSeries, timeScale: number | undefined): RecentSeries {
  if (s.name !== PUBLISHED_METRICS.path || !timeScale || timeScale === 1 || s.labels.minute === undefined) {
    return s;
  }
  return { ...s, labels: { ...s.labels, minute: String(Number(s.labels.minute) / timeScale) } };
}

/** PanelData as Grafana would hand it to the panel, built from the exporter's recent history. */
export function snapshotData(snapshot: HistorySnapshot): PanelData {
  const series = snapshot.series
    .filter((s) => ROLE_BY_NAME[s.name])
    .map((s) => seriesFrame(onWallMinutes(s, snapshot.timeScale), ROLE_BY_NAME[s.name]!));
  if (!series.some((f) => f.refId === 'viewers')) {
    // An exporter that has seen no viewer yet: the panel says "no viewers in range", not "misconfigured".
    series.push(seriesFrame({ name: 'launchday_concurrent_viewers', labels: {}, times: [], values: [] }, 'viewers'));
  }
  return {
    state: LoadingState.Done,
    series,
    annotations: snapshot.events.length ? [eventAnnotations(snapshot)] : [],
    timeRange: snapshotRange(snapshot),
  };
}
