import { createDataFrame, type DataFrame, FieldType, LoadingState, type PanelData } from '@grafana/data';

import type { HistorySnapshot } from '../../core/history/snapshot';
import { snapshotRange } from './snapshotData';

/**
 * PanelData for the executive view: every series of the snapshot as a frame named by its metric, the way a
 * Prometheus query returns it, plus the calendar's titles and starts (records are named and dated by them).
 */
export function execData(snapshot: HistorySnapshot): PanelData {
  const frame = (name: string, labels: Record<string, string>, times: number[], values: number[]): DataFrame =>
    createDataFrame({
      name,
      fields: [
        { name: 'Time', type: FieldType.time, values: times },
        { name: 'Value', type: FieldType.number, values, labels: { __name__: name, ...labels } },
      ],
    });
  const series = snapshot.series.map((s) => frame(s.name, s.labels, s.times, s.values));
  for (const e of snapshot.events) {
    series.push(frame('launchday_event_info', { event: e.id, title: e.title }, [snapshot.now], [1]));
    series.push(frame('launchday_event_start_timestamp_seconds', { event: e.id }, [snapshot.now], [e.start / 1000]));
  }
  return { state: LoadingState.Done, series, timeRange: snapshotRange(snapshot) };
}
