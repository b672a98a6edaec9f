import { createTheme } from '@grafana/data';

import { scaledTheme, wallScale } from './wallScale';

describe('wall scale', () => {
  it('is 1 on a desk-sized panel and grows on a wall screen', () => {
    expect(wallScale(1160, 700)).toBe(1);
    expect(wallScale(3816, 2112)).toBeCloseTo(2.35, 5);
  });

  it('keeps the same scale through a small resize', () => {
    expect(wallScale(3816, 2112)).toBe(wallScale(3820, 2115));
  });

  it('scales type and spacing, keeps the colours', () => {
    const theme = createTheme({ colors: { mode: 'dark' } });
    const big = scaledTheme(theme, 2);
    expect(big.typography.body.fontSize).toBe('2rem');
    expect(big.spacing(1)).toBe('16px');
    expect(big.colors).toBe(theme.colors);
    expect(scaledTheme(theme, 1)).toBe(theme);
  });
});
