import { createTheme } from '@grafana/data';

import { titleColor, titleHash } from './titleColor';

const hueOf = (color: string) => Number(/^hsl\((\d+)/.exec(color)![1]);

describe('title colours', () => {
  const dark = createTheme({ colors: { mode: 'dark' } });

  it('depend on the title only', () => {
    expect(titleColor(dark, 'Game of Thrones')).toBe(
      titleColor(createTheme({ colors: { mode: 'dark' } }), 'Game of Thrones')
    );
    expect(titleHash('a')).not.toBe(titleHash('b'));
  });

  it('spread titles over the colour wheel', () => {
    const colors = new Set(Array.from({ length: 40 }, (_, i) => titleColor(dark, `Title ${i}`)));
    expect(colors.size).toBeGreaterThanOrEqual(38);
  });

  it('never take a red, which means a breach here', () => {
    for (let i = 0; i < 500; i++) {
      const hue = hueOf(titleColor(dark, `t${i}`));
      expect(hue).toBeGreaterThanOrEqual(30);
      expect(hue).toBeLessThan(320);
    }
  });
});
