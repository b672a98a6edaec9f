import type { CalendarEvent } from '../../../../core/calendar/event';
import type { BandPoint } from '../../../../core/forecast';
import { horizonFor, nextEvent } from './forecastBand';
import { headroomBadges, peakIn } from './headroomBadges';

const H = 3600_000;
const event = (id: string, start: number, end: number): CalendarEvent => ({
  id,
  title: id,
  kind: 'premiere',
  start,
  end,
  timeZone: 'UTC',
});
const band: BandPoint[] = [0, 1, 2, 3, 4].map((i) => ({ t: i * H, p10: 100 * i, p50: 200 * i, p90: 300 * i }));

describe('forecast horizon', () => {
  it('reaches the end of every upcoming event in view, beyond the option', () => {
    expect(horizonFor({ now: 0, horizonMs: H, until: 10 * H, events: [event('a', 2 * H, 5 * H)] })).toBe(5 * H);
  });

  it('ignores events past the right edge and events already over', () => {
    const events = [event('past', -3 * H, -2 * H), event('late', 11 * H, 12 * H)];
    expect(horizonFor({ now: 0, horizonMs: H, until: 10 * H, events })).toBe(H);
  });

  it('aligns on the next live or upcoming event', () => {
    expect(nextEvent([event('b', 5 * H, 6 * H), event('live', -H, H)], 0)?.id).toBe('live');
  });
});

describe('headroom badges', () => {
  it('takes the band peak inside the window, each quantile on its own', () => {
    expect(peakIn(band, H, 3 * H)).toEqual({ p10: 300, p50: 600, p90: 900 });
  });

  it('gives a window shorter than a step the nearest step', () => {
    expect(peakIn(band, 2 * H + 60_000, 2 * H + 120_000)).toEqual({ p10: 200, p50: 400, p90: 600 });
  });

  it('badges live and upcoming events against the capacity at their start, on the P90', () => {
    const events = [event('over', -2 * H, -H), event('next', H, 2 * H)];
    const badges = headroomBadges(band, events, (t) => (t < 0 ? 100 : 1000), 0, 4 * H, { amber: 0.2, red: 0.05 });
    expect(badges.map((b) => b.event.id)).toEqual(['next']);
    expect(badges[0]).toMatchObject({ capacity: 1000, headroom: 1 - 600 / 1000, status: 'green' });
  });

  it('turns red when the P90 peak passes capacity', () => {
    const [badge] = headroomBadges(band, [event('big', 3 * H, 4 * H)], () => 1000, 0, 5 * H, { amber: 0.2, red: 0.05 });
    expect(badge).toMatchObject({ status: 'red' });
    expect(badge!.headroom).toBeCloseTo(-0.2);
  });
});
