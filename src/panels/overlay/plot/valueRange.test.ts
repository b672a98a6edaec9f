import { columnMax, valueRange } from './valueRange';

describe('the value axis', () => {
  it('leaves a far-above capacity out and marks it', () => {
    expect(valueRange(500_000, 2_000_000)).toEqual({ softMax: 550_000, capacityAbove: 2_000_000 });
  });

  it('keeps a near capacity on the axis', () => {
    const range = valueRange(230_000, 260_000);
    expect(range.capacityAbove).toBeUndefined();
    expect(range.softMax).toBeCloseTo(273_000, 0);
  });

  it('follows the data when there is no capacity', () => {
    expect(valueRange(100, 0)).toEqual({ softMax: 105 });
  });

  it('reads the top of columns with gaps', () => {
    expect(columnMax([[1, null, 3], [2]])).toBe(3);
  });
});
