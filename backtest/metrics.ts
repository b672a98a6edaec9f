import type { BandPoint, Point } from '../core/forecast';
import { firstCrossing as pathCrossing, lowerBound, median, pointsBetween, valueAt } from '../core/forecast';
import { RED_HORIZON_MS } from '../core/status';

const MIN = 60_000;
/**
 * "Saturates within 30 min", as the status rule claims it (core/status: red when the P50 path crosses
 * a capacity within RED_HORIZON_MS of now): the claim is right when the series actually reaches the
 * capacity within the same 30 minutes.
 */
export const SATURATION_WITHIN_MS = RED_HORIZON_MS;

export interface CaseScore {
  peakErrPct: number;
  /** Forecast peak ÷ actual peak (above 1: too high). */
  peakRatio: number;
  peakTimeErrMin: number;
  mase?: number;
  wape?: number;
  covered: number;
  scored: number;
  /** Mean pinball loss at 0.1/0.5/0.9, divided by the actual peak (scale-free). */
  pinball: number;
  /** 1 when the actual peak lies inside the forecast peak's P10..P90, else 0. */
  peakCovered: number;
  saturation: { tp: number; fp: number; fn: number; leadsMin: number[] };
  /** Each saturation case scored, for the false-alarm listing: minutes from the origin. */
  saturationCases: SaturationCase[];
  /** Samples the forecast had seen after the T0 reading (0: nothing of the event itself yet). */
  seenAfterT0: number;
}

export interface SaturationCase {
  capacity: number;
  outcome: 'tp' | 'fp' | 'fn' | 'tn';
  /** The forecast's first P50 crossing, minutes after the origin (undefined: none in its window). */
  claimedMin?: number;
  /** The series' first crossing, minutes after the origin (undefined: none in what is known). */
  actualMin?: number;
}

/** Linear interpolation inside a band (the band's grid is at least as fine as the series). */
export function bandAt(band: readonly BandPoint[], t: number): BandPoint | undefined {
  const pick = (key: 'p10' | 'p50' | 'p90') =>
    valueAt(
      band.map((b) => ({ t: b.t, v: b[key] })),
      t
    );
  const p50 = pick('p50');
  if (p50 === undefined) return undefined;
  return { t, p10: pick('p10') as number, p50, p90: pick('p90') as number };
}

const pinball = (q: number, y: number, f: number) => (y >= f ? q * (y - f) : (1 - q) * (f - y));

/** First instant after `from` where the actual series reaches the level (interpolated between samples). */
export function firstCrossing(points: readonly Point[], from: number, level: number): number | undefined {
  let prev: Point | undefined;
  for (const p of pointsBetween(points, from - 1e12, Infinity)) {
    if (p.t <= from) {
      prev = p;
      continue;
    }
    if (p.v >= level) {
      if (!prev || prev.v >= level) return p.t;
      const at = prev.t + ((level - prev.v) * (p.t - prev.t)) / (p.v - prev.v);
      return Math.max(from, at);
    }
    prev = p;
  }
  return undefined;
}

export interface CaseInput {
  points: readonly Point[];
  t0: number;
  windowEnd: number;
  origin: number;
  band: readonly BandPoint[];
  /** Capacities to test "saturates within 30 min" against, absolute. Cases the series ends too early to settle are not scored. */
  capacities: readonly number[];
  /**
   * Per capacity, the forecast's own first P50 crossing (the published one, which the status rule
   * reads); when absent it is read off the band the same way (its P50, linear between points).
   * The claim "saturates within 30 min" is that crossing within 30 min of the origin.
   */
  p50At?: readonly (number | undefined)[];
  /**
   * Per capacity, the published claim "saturates within 30 min" (the status is red on it); when absent,
   * the claim is the P50 crossing within 30 min alone (the baselines, which have no status rule).
   */
  red?: readonly boolean[];
}

/** The first P50 crossing read off a band (linear between its points, from the origin on). */
export function p50CrossingAt(band: readonly BandPoint[], origin: number, capacity: number): number | undefined {
  return pathCrossing(
    band.filter((b) => b.t >= origin).map((b) => ({ t: b.t, v: b.p50 })),
    [{ t: origin, v: capacity }]
  );
}

/** Score one forecast of one event from one origin. Undefined when nothing after the origin is in the window. */
export function scoreCase({
  points,
  t0,
  windowEnd,
  origin,
  band,
  capacities,
  p50At,
  red,
}: CaseInput): CaseScore | undefined {
  const window = pointsBetween(points, t0, windowEnd);
  const scored = window.filter((p) => p.t > origin);
  if (scored.length === 0 || band.length === 0) return undefined;
  const actualPeak = window.reduce((a, p) => (p.v > a.v ? p : a));

  // Forecast peak: what was already seen in the window, else the highest median still to come (as
  // eventForecast publishes it: each band's highest value, floored at the peak seen since T0).
  let forecastPeak: Point = { t: t0, v: -Infinity };
  for (const p of window) if (p.t <= origin && p.v > forecastPeak.v) forecastPeak = p;
  const seen = Math.max(0, forecastPeak.v);
  let peakLo = seen;
  let peakHi = seen;
  for (const b of band) {
    if (b.t < t0 || b.t > windowEnd) continue;
    if (b.p50 > forecastPeak.v) forecastPeak = { t: b.t, v: b.p50 };
    peakLo = Math.max(peakLo, b.p10);
    peakHi = Math.max(peakHi, b.p90);
  }

  let absErr = 0,
    absY = 0,
    covered = 0,
    pin = 0,
    n = 0;
  for (const p of scored) {
    const b = bandAt(band, p.t);
    if (!b) continue;
    n++;
    absErr += Math.abs(p.v - b.p50);
    absY += Math.abs(p.v);
    if (p.v >= b.p10 && p.v <= b.p90) covered++;
    pin += (pinball(0.1, p.v, b.p10) + pinball(0.5, p.v, b.p50) + pinball(0.9, p.v, b.p90)) / 3;
  }
  if (n === 0) return undefined;

  // MASE scale: the in-sample one-step naive error over the day before the origin.
  const before = pointsBetween(points, Math.min(origin, t0) - 1440 * MIN, Math.min(origin, t0));
  let naive = 0;
  for (let i = 1; i < before.length; i++) naive += Math.abs((before[i] as Point).v - (before[i - 1] as Point).v);
  const scale = before.length > 1 ? naive / (before.length - 1) : 0;

  const saturation = { tp: 0, fp: 0, fn: 0, leadsMin: [] as number[] };
  const saturationCases: SaturationCase[] = [];
  // Already saturated when the last sample the forecaster has seen is at or over the capacity (read
  // between samples, the value at the origin would lean on the next sample, which it has not seen).
  const latest = points[lowerBound(points, origin + 1) - 1]?.v;
  const lastT = points[points.length - 1]?.t ?? -Infinity;
  capacities.forEach((capacity, i) => {
    if (latest === undefined || latest >= capacity) return; // already saturated: nothing to forecast
    const crossing = firstCrossing(points, origin, capacity);
    const actual = crossing !== undefined && crossing <= origin + SATURATION_WITHIN_MS;
    // A series that stops (a stream ends) before the 30 minutes are out cannot say "not reached": censored.
    if (!actual && lastT < origin + SATURATION_WITHIN_MS) return;
    const claimed = p50At ? p50At[i] : p50CrossingAt(band, origin, capacity);
    const predicted = red ? red[i] === true : claimed !== undefined && claimed <= origin + SATURATION_WITHIN_MS;
    if (predicted && actual) {
      saturation.tp++;
      saturation.leadsMin.push(((crossing as number) - origin) / MIN);
    } else if (predicted) saturation.fp++;
    else if (actual) saturation.fn++;
    saturationCases.push({
      capacity,
      outcome: predicted ? (actual ? 'tp' : 'fp') : actual ? 'fn' : 'tn',
      ...(claimed !== undefined ? { claimedMin: (claimed - origin) / MIN } : {}),
      ...(crossing !== undefined ? { actualMin: (crossing - origin) / MIN } : {}),
    });
  });

  return {
    peakErrPct: (100 * Math.abs(forecastPeak.v - actualPeak.v)) / actualPeak.v,
    peakRatio: forecastPeak.v / actualPeak.v,
    peakTimeErrMin: Math.abs(forecastPeak.t - actualPeak.t) / MIN,
    mase: scale > 0 ? absErr / n / scale : undefined,
    wape: absY > 0 ? absErr / absY : undefined,
    covered,
    scored: n,
    pinball: pin / n / actualPeak.v,
    peakCovered: actualPeak.v >= peakLo && actualPeak.v <= peakHi ? 1 : 0,
    saturation,
    saturationCases,
    // The first sample at or after T0 is the T0 reading itself (an hourly file samples at ~HH:02).
    seenAfterT0: Math.max(0, window.filter((p) => p.t <= origin).length - 1),
  };
}

export const METRIC_NAMES = [
  'peak_abs_error_pct',
  'peak_time_error_min',
  'mase',
  'wape',
  'coverage80',
  'peak_coverage80',
  'pinball',
  'saturation_precision',
  'saturation_recall',
  'saturation_lead_min',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

const medianOrNull = (xs: number[]) => (xs.length ? median(xs) : null);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * Across events: medians for peak error, peak time, MASE and WAPE; coverage the mean of each event's
 * covered share (every event weighs the same: a 5-second stream would otherwise outvote an hourly
 * series 700 to 1); pinball the mean; saturation counts pooled. null when no event could be scored.
 */
export function aggregate(scores: readonly CaseScore[]): Record<MetricName, number | null> {
  const def = <T>(xs: (T | undefined)[]) => xs.filter((x): x is T => x !== undefined);
  const tp = scores.reduce((a, s) => a + s.saturation.tp, 0);
  const fp = scores.reduce((a, s) => a + s.saturation.fp, 0);
  const fn = scores.reduce((a, s) => a + s.saturation.fn, 0);
  return {
    peak_abs_error_pct: medianOrNull(scores.map((s) => s.peakErrPct)),
    peak_time_error_min: medianOrNull(scores.map((s) => s.peakTimeErrMin)),
    mase: medianOrNull(def(scores.map((s) => s.mase))),
    wape: medianOrNull(def(scores.map((s) => s.wape))),
    coverage80: mean(scores.filter((s) => s.scored > 0).map((s) => s.covered / s.scored)),
    peak_coverage80: mean(scores.map((s) => s.peakCovered)),
    pinball: mean(scores.map((s) => s.pinball)),
    saturation_precision: tp + fp ? tp / (tp + fp) : null,
    saturation_recall: tp + fn ? tp / (tp + fn) : null,
    saturation_lead_min: medianOrNull(scores.flatMap((s) => s.saturation.leadsMin)),
  };
}
