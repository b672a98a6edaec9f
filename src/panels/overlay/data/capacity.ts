import type { DataFrame } from '@grafana/data';

import type { Point } from '../../../../core/forecast/types';
import { seriesOf, sumByTime } from './series';

/** Capacity over time: the capacity query when it answers, else the constant option, else nothing. */
export function capacityPoints(frames: DataFrame[] | undefined, constant: number, from: number, to: number): Point[] {
  const fromQuery = sumByTime((frames ?? []).flatMap((frame) => seriesOf(frame, frames)));
  if (fromQuery.length) {
    return fromQuery;
  }
  if (constant > 0) {
    return [
      { t: from, v: constant },
      { t: to, v: constant },
    ];
  }
  return [];
}

/** The capacity in force at t: the last known value at or before t (the first one before any). */
export function capacityAt(points: Point[], t: number): number | undefined {
  let value = points[0]?.v;
  for (const p of points) {
    if (p.t > t) {
      break;
    }
    value = p.v;
  }
  return value;
}
