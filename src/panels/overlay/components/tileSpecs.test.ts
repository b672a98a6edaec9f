import { DEFAULT_QUERIES } from '../types';
import { promFrame } from '../testing/frames';
import { latestViewersByTitle, viewersOfEvent } from './tileSpecs';

describe('tile figures', () => {
  it("read each title's latest audience, label sets of a title added up", () => {
    const frames = [
      promFrame('A', 'launchday_concurrent_viewers', { title: 'Cup Final', cdn: 'a' }, [
        [1, 10],
        [2, 100],
      ]),
      promFrame('A', 'launchday_concurrent_viewers', { title: 'Cup Final', cdn: 'b' }, [
        [1, 5],
        [2, 50],
      ]),
      // A title that stopped reporting before the newest sample is not watched now.
      promFrame('A', 'launchday_concurrent_viewers', { title: 'Old', cdn: 'a' }, [[1, 7]]),
    ];
    expect(latestViewersByTitle(frames, DEFAULT_QUERIES)).toEqual(new Map([['Cup Final', 150]]));
  });

  it("find an event's title by its name or the longest title it starts with", () => {
    const byTitle = new Map([
      ['Dragon', 1],
      ['Dragon Saga', 2],
    ]);
    expect(viewersOfEvent('Dragon Saga finale', byTitle)).toBe(2);
    expect(viewersOfEvent('Dragon', byTitle)).toBe(1);
    expect(viewersOfEvent('Quiz', byTitle)).toBeUndefined();
  });
});
