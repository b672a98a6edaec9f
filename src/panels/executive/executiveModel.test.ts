import { createDataFrame, FieldType } from '@grafana/data';

import { executiveModel } from './executiveModel';

const HOUR = 3600_000;
const NOW = new Date(2026, 10, 22, 21, 0, 0).getTime();

function series(name: string, labels: Record<string, string>, points: Array<[number, number]>) {
  return createDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map((p) => p[0]) },
      { name: 'Value', type: FieldType.number, values: points.map((p) => p[1]), labels: { __name__: name, ...labels } },
    ],
  });
}

const viewers = (title: string, values: number[]) =>
  series(
    'launchday_concurrent_viewers',
    { title },
    values.map((v, i) => [NOW - (values.length - 1 - i) * HOUR, v])
  );

describe('executiveModel', () => {
  it('reads watching now, the top titles, today and the record', () => {
    const frames = [
      viewers('A', [100, 500, 300]),
      viewers('B', [50, 50, 400]),
      viewers('C', [10, 10, 10]),
      series('launchday_event_observed_peak_viewers', { event: 'final-2025' }, [[NOW - HOUR, 2000]]),
      series('launchday_event_info', { event: 'final-2025', title: 'Cup Final 2025' }, [[NOW, 1]]),
      series('launchday_event_start_timestamp_seconds', { event: 'final-2025' }, [[NOW, Date.UTC(2025, 4, 31) / 1000]]),
    ];
    const model = executiveModel(frames, 2)!;
    expect(model.watchingNow).toBe(710);
    expect(model.top).toEqual([
      { title: 'B', viewers: 400 },
      { title: 'A', viewers: 300 },
    ]);
    expect(model.todayPeak).toEqual({ value: 710, at: NOW });
    expect(model.record).toEqual({ value: 2000, at: Date.UTC(2025, 4, 31), title: 'Cup Final 2025', today: false });
  });

  it('names today as the record when today beats every past event', () => {
    const frames = [
      viewers('A', [100, 900]),
      series('launchday_event_observed_peak_viewers', { event: 'old' }, [[NOW - 5 * HOUR, 800]]),
    ];
    expect(executiveModel(frames, 5)!.record).toEqual({ value: 900, at: NOW, title: '', today: true });
  });

  it('gives no date rather than a wrong one when the calendar no longer has the event', () => {
    const frames = [
      viewers('A', [100]),
      series('launchday_event_observed_peak_viewers', { event: 'old' }, [[NOW - 5 * HOUR, 800]]),
    ];
    expect(executiveModel(frames, 5)!.record).toEqual({ value: 800, at: undefined, title: 'old', today: false });
  });

  it('has nothing to say without viewers', () => {
    expect(executiveModel([], 5)).toBeUndefined();
  });
});
