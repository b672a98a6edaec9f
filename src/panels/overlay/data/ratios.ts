import type { DataFrame } from '@grafana/data';

import type { Point } from '../../../../core/forecast/types';
import { counterToRate, isRawCounter, seriesOf, sumByTime } from './series';

/** All series of the frames summed per timestamp, as rates when the frames hold raw counters. */
export function rateOf(frames: DataFrame[] | undefined): Point[] {
  if (!frames?.length) {
    return [];
  }
  const points = sumByTime(frames.flatMap((frame) => seriesOf(frame, frames)));
  return frames.every(isRawCounter) ? counterToRate(points) : points;
}

/** Failures over attempts at the timestamps both share; steps with no attempts have no ratio. */
export function failureRatio(failures: Point[], attempts: Point[]): Point[] {
  const failed = new Map(failures.map((p) => [p.t, p.v]));
  const out: Point[] = [];
  for (const a of attempts) {
    const f = failed.get(a.t) ?? 0;
    if (a.v > 0) {
      out.push({ t: a.t, v: Math.min(1, Math.max(0, f / a.v)) });
    }
  }
  return out;
}

/** A ratio query's own series; several label sets are averaged, since ratios do not add. */
export function ratioOf(frames: DataFrame[] | undefined): Point[] {
  const series = (frames ?? []).flatMap((frame) => seriesOf(frame, frames));
  if (series.length === 1) {
    return series[0]!.points;
  }
  const sum = sumByTime(series);
  const counts = new Map<number, number>();
  for (const s of series) {
    for (const p of s.points) {
      counts.set(p.t, (counts.get(p.t) ?? 0) + 1);
    }
  }
  return sum.map((p) => ({ t: p.t, v: p.v / (counts.get(p.t) ?? 1) }));
}

/** Login success: a ratio query if given, else 1 - failures / attempts. */
export function loginSuccess(ratio: DataFrame[] | undefined, attempts?: DataFrame[], failures?: DataFrame[]): Point[] {
  if (ratio?.length) {
    return ratioOf(ratio);
  }
  if (!attempts?.length) {
    return [];
  }
  return failureRatio(rateOf(failures), rateOf(attempts)).map((p) => ({ t: p.t, v: 1 - p.v }));
}

/** Segment error rate: a ratio query if given, else failures / requests. */
export function segmentErrors(ratio: DataFrame[] | undefined, requests?: DataFrame[], failures?: DataFrame[]): Point[] {
  if (ratio?.length) {
    return ratioOf(ratio);
  }
  if (!requests?.length) {
    return [];
  }
  return failureRatio(rateOf(failures), rateOf(requests));
}
