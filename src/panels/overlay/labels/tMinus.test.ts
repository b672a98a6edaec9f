import { shortDuration, tMinusLabel } from './tMinus';

describe('tMinusLabel', () => {
  it('counts down before the start and up after it', () => {
    expect(tMinusLabel(0, 90 * 60_000)).toBe('T-1h 30m');
    expect(tMinusLabel(5 * 60_000, 0)).toBe('T+5m');
  });

  it('shows days for far events', () => {
    expect(shortDuration(26 * 3600_000)).toBe('1d 2h');
  });
});
