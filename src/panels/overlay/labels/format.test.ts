import { compactCount, count, objectivePercent, percent } from './format';

describe('number formats', () => {
  it('groups thousands', () => {
    expect(count(1234567.4)).toBe('1,234,567');
  });

  it('shortens big counts for tight spaces', () => {
    expect(compactCount(2_000_000)).toBe('2.0M');
    expect(compactCount(45_300)).toBe('45.3k');
    expect(compactCount(450_000)).toBe('450k');
    expect(compactCount(950)).toBe('950');
  });

  it('shows an objective with the decimals it needs', () => {
    expect(objectivePercent(0.99)).toBe('99%');
    expect(objectivePercent(0.999)).toBe('99.9%');
    expect(objectivePercent(0.01)).toBe('1%');
    expect(percent(0.748)).toBe('74.8%');
  });
});
