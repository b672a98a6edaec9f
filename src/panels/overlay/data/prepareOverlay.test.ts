import { createDataFrame, FieldType } from '@grafana/data';

import { DEFAULT_OPTIONS } from '../types';
import { MIN, NOW, panelData, promFrame, minutes, viewerFrames } from '../testing/frames';
import { prepareOverlay } from './prepareOverlay';

const premiere = createDataFrame({
  fields: [
    { name: 'time', type: FieldType.time, values: [NOW + 60 * MIN] },
    { name: 'timeEnd', type: FieldType.time, values: [NOW + 120 * MIN] },
    { name: 'title', type: FieldType.string, values: ['Finale'] },
    { name: 'tags', type: FieldType.other, values: [['premiere']] },
  ],
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

  it('refuses inverted headroom thresholds', () => {
    const result = prepareOverlay(
      panelData(viewerFrames({ a: 1 })),
      { ...DEFAULT_OPTIONS, headroomRed: 0.5, headroomAmber: 0.2 },
      NOW
    );
    expect(result).toMatchObject({ kind: 'misconfigured', title: 'Headroom thresholds are inverted' });
  });

  it('forecasts from now through the next event and badges it against capacity', () => {
    const capacity = promFrame(
      'C',
      'launchday_capacity_viewers',
      {},
      minutes(120, () => 1000)
    );
    const result = prepareOverlay(
      panelData([...viewerFrames({ a: 300, b: 200 }), capacity], [premiere]),
      DEFAULT_OPTIONS,
      NOW
    );
    if (result.kind !== 'ready') {
      throw new Error(result.fix);
    }
    expect(result.band[0]!.t).toBeGreaterThan(NOW);
    expect(result.band[result.band.length - 1]!.t).toBeGreaterThanOrEqual(NOW + 120 * MIN);
    expect(result.badges).toHaveLength(1);
    const badge = result.badges[0]!;
    expect(badge.capacity).toBe(1000);
    expect(badge.headroom).toBeCloseTo(1 - badge.peak.p90 / 1000);
    expect(['green', 'amber', 'red']).toContain(badge.status);
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
      panelData(viewerFrames({ a: 300 }), [premiere]),
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
