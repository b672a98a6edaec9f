import { seriesOf } from './series';
import { foldTopTitles, foldViewerFrames } from './viewers';
import { MIN, NOW, promFrame, viewerFrames } from '../testing/frames';

describe('foldTopTitles', () => {
  const series = viewerFrames({ a: 500, b: 400, c: 300, d: 200 }, 3).flatMap((f) => seriesOf(f));

  it('keeps the top N titles by peak and folds the rest into other', () => {
    const v = foldTopTitles(series, 2);
    expect(v.titles.map((t) => t.title)).toEqual(['a', 'b']);
    expect(v.other).toEqual([500, 520, 540]);
  });

  it('totals every title, folded or not', () => {
    const v = foldTopTitles(series, 2);
    expect(v.total).toEqual([1400, 1440, 1480]);
    expect(v.totalPoints.map((p) => p.v)).toEqual([1400, 1440, 1480]);
  });

  it('adds up series of the same title (per cdn, region, device)', () => {
    const twice = foldTopTitles([...series, ...series], 4);
    expect(twice.titles[0]!.values).toEqual([1000, 1020, 1040]);
  });

  it('aligns titles sampled at different instants, with gaps where a title has no sample', () => {
    const a = {
      name: 'a',
      metric: 'm',
      labels: { title: 'a' },
      points: [
        { t: 1, v: 10 },
        { t: 3, v: 30 },
      ],
    };
    const b = {
      name: 'b',
      metric: 'm',
      labels: { title: 'b' },
      points: [
        { t: 2, v: 5 },
        { t: 3, v: 6 },
      ],
    };
    const v = foldTopTitles([a, b], 1);
    expect(v.times).toEqual([1, 2, 3]);
    expect(v.titles).toEqual([{ title: 'a', values: [10, null, 30] }]);
    expect(v.other).toEqual([null, 5, 6]);
    expect(v.total).toEqual([10, 5, 36]);
  });

  it('has no other when every title fits', () => {
    expect(foldTopTitles(series, 10).other).toBeNull();
  });
});

describe('foldViewerFrames (the fast path on frames sharing one timeline)', () => {
  it('folds exactly as seriesOf then foldTopTitles does, repeated titles included', () => {
    const frames = viewerFrames({ a: 500, b: 400, c: 300, d: 200 }, 30);
    const twice = [...frames, ...viewerFrames({ b: 50 }, 30)];
    for (const topN of [0, 2, 10]) {
      expect(foldViewerFrames(twice, topN)).toEqual(
        foldTopTitles(
          twice.flatMap((f) => seriesOf(f, twice)),
          topN
        )
      );
    }
  });

  it('leaves gaps and differing timelines to the general path', () => {
    const gap = promFrame('viewers', 'v', { title: 'a' }, [
      [NOW - MIN, 1],
      [NOW, Number.NaN],
    ]);
    const other = promFrame('viewers', 'v', { title: 'b' }, [
      [NOW - 2 * MIN, 1],
      [NOW, 2],
    ]);
    expect(foldViewerFrames([gap], 5)).toBeUndefined();
    expect(foldViewerFrames([...viewerFrames({ a: 1 }, 2), other], 5)).toBeUndefined();
  });
});
