import type { BandPoint, Point } from '../../../../core/forecast/types';
import { capacityAt as capacityIn } from '../data/capacity';
import type { ViewerColumns } from './viewersPlotFrame';

/**
 * The "share of capacity" reading: every value over the capacity in force at its time, so 100 % is
 * capacity and the distance to the top line is the headroom. Times without a capacity become gaps.
 */
export function columnsAsShare(v: ViewerColumns, capacity: Point[]): ViewerColumns {
  const caps = v.times.map((t) => capacityIn(capacity, t));
  const share = (values: Array<number | null>) =>
    values.map((x, i) => {
      const c = caps[i];
      return x === null || c === undefined || !(c > 0) ? null : x / c;
    });
  return {
    times: v.times,
    titles: v.titles.map((t) => ({ title: t.title, values: share(t.values) })),
    other: v.other ? share(v.other) : null,
    total: share(v.total),
  };
}

export function bandAsShare(band: BandPoint[], capacity: Point[]): BandPoint[] {
  const out: BandPoint[] = [];
  for (const b of band) {
    const c = capacityIn(capacity, b.t);
    if (c !== undefined && c > 0) {
      out.push({ ...b, p10: b.p10 / c, p50: b.p50 / c, p90: b.p90 / c });
    }
  }
  return out;
}

/** Capacity itself in that reading: 100 % wherever it is known. */
export function capacityAsShare(capacity: Point[]): Point[] {
  return capacity.filter((p) => p.v > 0).map((p) => ({ t: p.t, v: 1 }));
}
