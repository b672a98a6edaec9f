import { createDataFrame, type DataFrame, dateTime, FieldType, LoadingState, type PanelData } from '@grafana/data';

export const NOW = Date.UTC(2026, 10, 22, 19, 0, 0);
export const MIN = 60_000;

/** A Prometheus-like frame: one series with its labels, the executed query in meta as Grafana records it. */
export function promFrame(
  refId: string,
  expr: string,
  labels: Record<string, string>,
  points: Array<[number, number]>
): DataFrame {
  return createDataFrame({
    refId,
    meta: { executedQueryString: `Expr: ${expr}\nStep: 1m` },
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map((p) => p[0]) },
      { name: 'Value', type: FieldType.number, values: points.map((p) => p[1]), labels },
    ],
  });
}

/** Points every minute over the last `minutes`, from a function of the minute index. */
export function minutes(count: number, value: (i: number) => number, end = NOW): Array<[number, number]> {
  return Array.from({ length: count }, (_, i) => [end - (count - 1 - i) * MIN, value(i)]);
}

export function panelData(
  series: DataFrame[],
  annotations: DataFrame[] = [],
  from = NOW - 3 * 60 * MIN,
  to = NOW + 3 * 60 * MIN
): PanelData {
  const range = { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
  return { state: LoadingState.Done, series, annotations, timeRange: range };
}

/** Viewers per title as `sum by (title) (launchday_concurrent_viewers)` returns them. */
export function viewerFrames(titles: Record<string, number>, count = 120): DataFrame[] {
  return Object.entries(titles).map(([title, level]) =>
    promFrame(
      'A',
      'sum by (title) (launchday_concurrent_viewers)',
      { title },
      minutes(count, (i) => level + i * 10)
    )
  );
}
