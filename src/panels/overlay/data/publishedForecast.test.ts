import type { CalendarEvent } from '../../../../core/calendar/event';
import { MIN, NOW, promFrame } from '../testing/frames';
import { publishedForecasts } from './publishedForecast';

const event: CalendarEvent = {
  id: 'ev',
  title: 'Finale',
  kind: 'premiere',
  start: NOW,
  end: NOW + 60 * MIN,
  timeZone: 'UTC',
};
const series = (labels: Record<string, string>, points: Array<[number, number]>, refId = 'A') =>
  promFrame(refId, labels.__name__ ?? 'sum(x)', labels, points);

describe('publishedForecasts', () => {
  it('reads the state set: the status whose series is 1', () => {
    const frames = ['green', 'amber', 'red'].map((status) =>
      series({ __name__: 'launchday_event_status', event: 'ev', status }, [[NOW, status === 'red' ? 1 : 0]])
    );
    expect(publishedForecasts(frames, [event]).byEvent.get('ev')?.status).toBe('red');
  });

  it('puts the path on absolute times from the event start and its minute label', () => {
    const frames = (['p10', 'p50', 'p90'] as const).flatMap((band, i) =>
      [-5, 5].map((minute) =>
        series({ __name__: 'launchday_forecast_path_viewers', event: 'ev', band, minute: String(minute) }, [
          [NOW, 10 * (i + 1) + minute],
        ])
      )
    );
    expect(publishedForecasts(frames, [event]).byEvent.get('ev')?.path).toEqual([
      { t: NOW - 5 * MIN, p10: 5, p50: 15, p90: 25 },
      { t: NOW + 5 * MIN, p10: 15, p50: 25, p90: 35 },
    ]);
  });

  it('keeps only the newest refresh of a range query: a path point that dropped out is gone', () => {
    const point = (minute: number, last: number) =>
      (['p10', 'p50', 'p90'] as const).map((band) =>
        series({ __name__: 'launchday_forecast_path_viewers', event: 'ev', band, minute: String(minute) }, [
          [NOW - 2 * MIN, 1],
          [last, 2],
        ])
      );
    const frames = [...point(-10, NOW - MIN), ...point(10, NOW)];
    expect(
      publishedForecasts(frames, [event])
        .byEvent.get('ev')
        ?.path.map((p) => p.t)
    ).toEqual([NOW + 10 * MIN]);
  });

  it('reads saturation seconds as epoch ms, headroom and binding by resource, objectives by SLO', () => {
    const frames = [
      series(
        {
          __name__: 'launchday_forecast_saturation_timestamp_seconds',
          event: 'ev',
          resource: 'segments:a',
          band: 'p50',
        },
        [[NOW, NOW / 1000 + 60]]
      ),
      series({ __name__: 'launchday_forecast_headroom_ratio', event: 'ev', resource: 'segments:a' }, [[NOW, -0.25]]),
      series({ __name__: 'launchday_event_binding_info', event: 'ev', resource: 'segments:a' }, [[NOW, 1]]),
      series({ __name__: 'launchday_slo_objective_ratio', slo: 'login_success' }, [[NOW, 0.99]]),
    ];
    const read = publishedForecasts(frames, [event]);
    expect(read.byEvent.get('ev')).toMatchObject({
      binding: 'segments:a',
      headroom: { 'segments:a': -0.25 },
      saturation: [{ resource: 'segments:a', band: 'p50', at: NOW + MIN }],
    });
    expect(read.sloObjectives).toEqual({ login_success: 0.99 });
  });

  it('finds a part by a refId named after it when an aggregation dropped __name__', () => {
    const frames = [series({ event: 'ev', band: 'p50' }, [[NOW, 7]], 'peak')];
    const f = publishedForecasts(frames, [event]).byEvent.get('ev');
    expect(f?.peak).toBeUndefined(); // only p50 came: an incomplete band is not shown
    const full = (['p10', 'p50', 'p90'] as const).map((band) => series({ event: 'ev', band }, [[NOW, 7]], 'peak'));
    expect(publishedForecasts(full, [event]).byEvent.get('ev')?.peak).toEqual({ p10: 7, p50: 7, p90: 7 });
  });

  it('ignores frames that carry none of the published metrics', () => {
    const frames = [series({ __name__: 'launchday_concurrent_viewers', title: 'a' }, [[NOW, 1]])];
    expect(publishedForecasts(frames, [event]).byEvent.size).toBe(0);
  });
});
