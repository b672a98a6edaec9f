import { createDataFrame, FieldType } from '@grafana/data';

import { eventsFromAnnotations, eventsFromSeries, mergeEvents } from './events';
import { NOW, promFrame } from '../testing/frames';

describe('eventsFromSeries', () => {
  const at = (v: number): Array<[number, number]> => [[NOW, v]];
  const frames = [
    promFrame(
      'events',
      'launchday_event_info',
      { __name__: 'launchday_event_info', event: 'e1', title: 'Finale', kind: 'premiere' },
      at(1)
    ),
    promFrame(
      'events',
      'x',
      { __name__: 'launchday_event_start_timestamp_seconds', event: 'e1' },
      at(NOW / 1000 + 3600)
    ),
    promFrame('events', 'x', { __name__: 'launchday_event_end_timestamp_seconds', event: 'e1' }, at(NOW / 1000 + 7200)),
    promFrame('events', 'x', { __name__: 'launchday_event_expected_peak_viewers', event: 'e1' }, at(250000)),
    promFrame(
      'events',
      'x',
      { __name__: 'launchday_event_info', event: 'e2', title: 'No window', kind: 'live' },
      at(1)
    ),
  ];

  it('joins info, window and expected peak by event id, seconds to milliseconds', () => {
    const { events } = eventsFromSeries(frames);
    expect(events).toEqual([
      expect.objectContaining({
        id: 'e1',
        title: 'Finale',
        kind: 'premiere',
        start: NOW + 3600_000,
        end: NOW + 7200_000,
        expectedPeak: 250000,
      }),
    ]);
  });

  it('counts events without a window as skipped instead of dropping them silently', () => {
    expect(eventsFromSeries(frames).skipped).toBe(1);
  });
});

describe('eventsFromAnnotations', () => {
  const annotations = createDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: [NOW, NOW + 1000, Number.NaN] },
      { name: 'timeEnd', type: FieldType.time, values: [NOW + 3600_000, null, null] },
      { name: 'title', type: FieldType.string, values: ['', 'Deploy', 'bad'] },
      { name: 'text', type: FieldType.string, values: ['<b>Cup final</b>', '', ''] },
      { name: 'tags', type: FieldType.other, values: [['live', 'sports'], [], []] },
    ],
  });

  it('keeps region annotations as spans, points as instants, kind from tags', () => {
    const { events, skipped } = eventsFromAnnotations([annotations]);
    expect(events.map((e) => [e.title, e.kind, e.end - e.start])).toEqual([
      ['Cup final', 'live', 3600_000],
      ['Deploy', 'live', 0],
    ]);
    expect(skipped).toBe(1);
  });

  it('merges the same event from both sources once', () => {
    const { events } = eventsFromAnnotations([annotations]);
    expect(mergeEvents(events, events)).toHaveLength(2);
  });
});
