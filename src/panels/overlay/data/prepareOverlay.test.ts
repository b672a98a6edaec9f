import { createDataFrame, FieldType } from '@grafana/data';

import { DEFAULT_OPTIONS } from '../types';
import { MIN, NOW, panelData, promFrame, minutes, viewerFrames } from '../testing/frames';
import { prepareOverlay } from './prepareOverlay';
import { publishedFrames } from './publishedFrames';

const premiere = createDataFrame({
  fields: [
    { name: 'time', type: FieldType.time, values: [NOW + 60 * MIN] },
    { name: 'timeEnd', type: FieldType.time, values: [NOW + 120 * MIN] },
    { name: 'title', type: FieldType.string, values: ['Finale'] },
    { name: 'tags', type: FieldType.other, values: [['premiere']] },
  ],
});

/** The premiere as the exporter's calendar annotations carry it (id `ev-1`). */
const premiereFrom = (id: string) =>
  createDataFrame({
    fields: [
      { name: 'id', type: FieldType.string, values: [id] },
      { name: 'time', type: FieldType.time, values: [NOW + 60 * MIN] },
      { name: 'timeEnd', type: FieldType.time, values: [NOW + 120 * MIN] },
      { name: 'title', type: FieldType.string, values: ['Finale'] },
      { name: 'tags', type: FieldType.other, values: [['premiere']] },
    ],
  });

/** What the forecaster publishes for one event, as raw Prometheus selectors return it. */
const published = (event: string) =>
  publishedFrames({
    event,
    at: NOW,
    status: 'amber',
    binding: 'logins',
    peak: { p10: 500, p50: 800, p90: 1200 },
    path: [-10, 0].map((minute) => ({ minute, p10: 400, p50: 500, p90: 600 })),
    headroom: { viewers: 0.2, logins: -0.1 },
    saturation: [{ resource: 'viewers', band: 'p90', at: NOW + 55 * MIN }],
  });

describe('prepareOverlay', () => {
  it('says "no data" with the zero-config query when nothing came back', () => {
    const result = prepareOverlay(panelData([]), DEFAULT_OPTIONS, NOW);
    expect(result).toMatchObject({ kind: 'no-data' });
    expect(result.kind !== 'ready' && result.fix).toContain('launchday_concurrent_viewers');
  });

  it('names the refIds it saw when none holds viewers', () => {
    const result = prepareOverlay(
      panelData([
        promFrame(
          'Q1',
          'up',
          {},
          minutes(3, () => 1)
        ),
      ]),
      DEFAULT_OPTIONS,
      NOW
    );
    expect(result).toMatchObject({ kind: 'misconfigured', title: 'No viewers query' });
    expect(result.kind !== 'ready' && result.fix).toContain('(Q1)');
  });

  it('draws the published path and badges the event with the published status, never a forecast of its own', () => {
    const capacity = promFrame(
      'C',
      'launchday_capacity_viewers',
      {},
      minutes(120, () => 1000)
    );
    const result = prepareOverlay(
      panelData([...viewerFrames({ a: 300, b: 200 }), capacity, ...published('ev-1')], [premiereFrom('ev-1')]),
      DEFAULT_OPTIONS,
      NOW
    );
    if (result.kind !== 'ready') {
      throw new Error(result.fix);
    }
    expect(result.band.map((b) => b.t)).toEqual([NOW + 50 * MIN, NOW + 60 * MIN]);
    expect(result.saturation).toEqual({ p90: NOW + 55 * MIN });
    expect(result.badges).toHaveLength(1);
    expect(result.badges[0]).toMatchObject({
      capacity: 1000,
      headroom: -0.1,
      status: 'amber',
      binding: 'logins',
      peak: { p10: 500, p50: 800, p90: 1200 },
    });
  });

  it('shows no band and no badge when nothing is published', () => {
    const result = prepareOverlay(panelData(viewerFrames({ a: 300 }), [premiere]), DEFAULT_OPTIONS, NOW);
    expect(result.kind === 'ready' && [result.band, result.badges]).toEqual([[], []]);
  });

  it('falls back to the constant capacity and says when there is none', () => {
    const none = prepareOverlay(panelData(viewerFrames({ a: 300 })), DEFAULT_OPTIONS, NOW);
    expect(none.kind === 'ready' && none.notices.join(' ')).toContain('No capacity');
    const constant = prepareOverlay(
      panelData(viewerFrames({ a: 300 })),
      { ...DEFAULT_OPTIONS, capacityConstant: 5000 },
      NOW
    );
    expect(constant.kind === 'ready' && constant.capacity.map((p) => p.v)).toEqual([5000, 5000]);
  });

  it('draws no band when the forecast is switched off', () => {
    const result = prepareOverlay(
      panelData([...viewerFrames({ a: 300 }), ...published('ev-1')], [premiereFrom('ev-1')]),
      { ...DEFAULT_OPTIONS, showForecast: false },
      NOW
    );
    expect(result.kind === 'ready' && result.band).toEqual([]);
  });

  it('survives malformed samples: strings, NaN, nulls and unsorted times', () => {
    const messy = createDataFrame({
      refId: 'viewers',
      fields: [
        { name: 'Time', type: FieldType.time, values: [NOW, NOW - 2 * MIN, null, NOW - MIN] },
        { name: 'Value', type: FieldType.number, values: ['12', Number.NaN, 5, 10], labels: { title: 'a' } },
      ],
    });
    const result = prepareOverlay(panelData([messy]), DEFAULT_OPTIONS, NOW);
    if (result.kind !== 'ready') {
      throw new Error(result.fix);
    }
    expect(result.viewers.times).toEqual([NOW - MIN, NOW]);
    expect(result.viewers.total).toEqual([10, 12]);
  });
});
