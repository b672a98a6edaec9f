import { promFrame } from '../testing/frames';
import { shardSeriesFromFrames } from './shardFrames';
import { shardHealth, shardsMissingText } from './shardHealth';

const every15s = (values: number[], end = 600_000) =>
  values.map((v, i) => ({ t: end - (values.length - 1 - i) * 15_000, v }));

describe('shardHealth', () => {
  it('counts a shard whose last up is 0 as missing, by name', () => {
    const h = shardHealth([
      { instance: 'e1:9464', points: every15s([1, 1, 1]) },
      { instance: 'e2:9464', points: every15s([1, 1, 0]) },
      { instance: 'e3:9464', points: every15s([1, 1, 1]) },
      { instance: 'e4:9464', points: every15s([1, 1, 1]) },
    ]);
    expect(h).toEqual({ expected: 4, up: 3, missing: ['e2:9464'] });
    expect(shardsMissingText(h)).toBe('1 of 4 shards missing');
  });

  it('counts a shard whose samples stopped (left discovery) as missing', () => {
    const h = shardHealth([
      { instance: 'e1:9464', points: every15s([1, 1, 1, 1, 1, 1]) },
      { instance: 'e2:9464', points: every15s([1, 1], 600_000 - 4 * 15_000) },
    ]);
    expect(h.missing).toEqual(['e2:9464']);
  });

  it('does not count one late scrape as a missing shard', () => {
    const h = shardHealth([
      { instance: 'e1:9464', points: every15s([1, 1, 1, 1]) },
      { instance: 'e2:9464', points: every15s([1, 1, 1], 600_000 - 15_000) },
    ]);
    expect(h.missing).toEqual([]);
    expect(shardsMissingText(h)).toBeUndefined();
  });

  it('says nothing without series', () => {
    expect(shardHealth([])).toEqual({ expected: 0, up: 0, missing: [] });
  });
});

describe('shardSeriesFromFrames', () => {
  it('reads one series per instance from the shards query, by its instance label', () => {
    const frames = [
      promFrame('shards', 'up{job="launchday"}', { __name__: 'up', instance: 'e1:9464', job: 'launchday' }, [[1, 1]]),
      promFrame('shards', 'up{job="launchday"}', { __name__: 'up', instance: 'e2:9464', job: 'launchday' }, [[1, 0]]),
      promFrame('viewers', 'sum(launchday_concurrent_viewers)', {}, [[1, 500]]),
    ];
    expect(shardSeriesFromFrames(frames).map((s) => [s.instance, s.points[0]!.v])).toEqual([
      ['e1:9464', 1],
      ['e2:9464', 0],
    ]);
  });
});
