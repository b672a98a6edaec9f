import { minutesLabel, shortDuration, tMinusLabel } from './tMinus';

describe('tMinusLabel', () => {
  it('counts down before the start and up after it', () => {
    expect(tMinusLabel(0, 90 * 60_000)).toBe('T-1h 30m');
    expect(tMinusLabel(5 * 60_000, 0)).toBe('T+5m 00s');
  });

  it('ticks in seconds within the hour', () => {
    expect(tMinusLabel(0, 12 * 60_000 + 4_000)).toBe('T-12m 04s');
    expect(tMinusLabel(1_000, 46_000)).toBe('T-45s');
  });

  it('shows days for far events', () => {
    expect(shortDuration(26 * 3600_000)).toBe('1d 2h');
  });

  it('rounds to whole minutes where a label does not tick', () => {
    expect(minutesLabel(0, 4 * 60_000 + 40_000)).toBe('T-5m 00s');
  });
});
