import { bandAsShare, capacityAsShare, columnsAsShare } from './shareOfCapacity';

describe('share of capacity', () => {
  const capacity = [
    { t: 0, v: 1000 },
    { t: 20, v: 2000 },
  ];

  it('divides each value by the capacity in force at its time', () => {
    const share = columnsAsShare(
      { times: [0, 10, 20], titles: [{ title: 'a', values: [100, null, 500] }], other: null, total: [200, 300, 1000] },
      capacity
    );
    expect(share.titles[0]!.values).toEqual([0.1, null, 0.25]);
    expect(share.total).toEqual([0.2, 0.3, 0.5]);
  });

  it('puts capacity at 100 % and the band against the capacity of its step', () => {
    expect(capacityAsShare(capacity)).toEqual([
      { t: 0, v: 1 },
      { t: 20, v: 1 },
    ]);
    expect(bandAsShare([{ t: 30, p10: 200, p50: 1000, p90: 3000 }], capacity)).toEqual([
      { t: 30, p10: 0.1, p50: 0.5, p90: 1.5 },
    ]);
  });
});
