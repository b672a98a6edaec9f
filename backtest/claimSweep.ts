import type { BandPoint, PastEvent, TemplateLibrary } from '../core/forecast';
import { HISTORY_MS, lowerBound, upperBound } from '../core/forecast';
import { normalQuantile } from '../core/forecast/normalQuantile';
import { crossingIn } from '../core/forecast/saturation';
import { observedTrend, trendReaches, type ObservedTrend } from '../core/forecast/observedTrend';
import { RED_HORIZON_MS } from '../core/status';
import { SATURATION_WITHIN_MS } from './metrics';
import { publishedCase } from './publishedForecast';
import { crossingsOf, scoreClaim, ROLLING_FROM_MIN, type RollingClaim, type RollingEvent } from './rollingStatus';
import type { LoadedEvent } from './runner';

const MIN = 60_000;
const Z90 = normalQuantile(0.9);

/**
 * Other claims for "saturates within 30 min", scored from the same published forecasts as the status
 * rule (docs/forecast.md, "Session 6"): what the rule reads at each origin is kept once (the published
 * path over the next 30 minutes, the observed ramp, the last sample), on the exporter's own 30-second
 * refresh grid, so a claim variant costs no refit and a hold can be read in the exporter's terms.
 */
export interface OriginReading {
  origin: number;
  /** The last sample at or before the origin. */
  latest: number;
  /** The published path up to its first point at or past origin + 30 min. */
  path: BandPoint[];
  /** The observed ramp (undefined: a title with no series yet, where the P50 decides alone). */
  trend?: ObservedTrend;
}

export interface ClaimRule {
  /**
   * Red needs the calibrated probability of crossing within 30 min to be at least q: the (1 − q) quantile
   * path crosses (read between P50 and P10 of the published band, log-normal as nowcast scales it). 0.5:
   * the P50 path, the rule as shipped.
   */
  q: number;
  /** Red only if the claim was red at the refresh this long before too (0: no hold). */
  holdMs: number;
}

export const SHIPPED_CLAIM: ClaimRule = { q: 0.5, holdMs: 0 };

/** The exporter's refresh every 30 s: the grid the readings are kept on. */
export const READING_STEP_MS = 30_000;

/** Every origin's reading from T−1h to the window's end, every stepMs (leave-one-out: the given library). */
export function readOrigins(
  item: LoadedEvent,
  past: readonly PastEvent[],
  library: TemplateLibrary | undefined,
  stepMs = READING_STEP_MS
): OriginReading[] {
  const { points, event, windowEnd } = item;
  const out: OriginReading[] = [];
  for (let origin = event.t0 + ROLLING_FROM_MIN * MIN; origin < windowEnd; origin += stepMs) {
    const end = upperBound(points, origin);
    const latest = points[end - 1]?.v;
    if (latest === undefined) continue;
    const full = publishedCase(item, origin, past, [], library).path;
    const cut = full.findIndex((p) => p.t >= origin + RED_HORIZON_MS);
    const history = points.slice(lowerBound(points, origin - HISTORY_MS), end);
    const trend = history.some((p) => p.v > 0) ? observedTrend(history, origin) : undefined;
    out.push({ origin, latest, path: cut < 0 ? full : full.slice(0, cut + 1), ...(trend ? { trend } : {}) });
  }
  return out;
}

/** The band's (1 − q) quantile path, q ≥ 0.5: log-normal between P50 and P10 (linear where one is ≤ 0). */
export function quantilePath(path: readonly BandPoint[], q: number): number[] {
  const k = q === 0.5 ? 0 : normalQuantile(q) / Z90;
  return path.map(({ p10, p50 }) =>
    k === 0 ? p50 : p50 > 0 && p10 > 0 ? p50 * Math.pow(p10 / p50, k) : p50 - k * (p50 - p10)
  );
}

/**
 * The claim at one reading for one capacity: the status rule's red (a P50 crossing within 30 min that
 * the observed ramp supports, or before T0 the P10 path), with the q path in place of the P50 where q > 0.5.
 */
export function claimRed(reading: OriginReading, capacity: number, t0: number, q: number): boolean {
  const { path, origin, trend } = reading;
  const times = path.map((p) => p.t);
  const cap = [{ t: 0, v: capacity }];
  const by = origin + RED_HORIZON_MS;
  const within = (values: number[]) => {
    const at = crossingIn(times, values, values.length, cap);
    return at !== undefined && at <= by;
  };
  if (!within(path.map((p) => p.p50))) return false;
  if (q > 0.5 && !within(quantilePath(path, q))) return false;
  if (!trend) return true;
  return (
    trendReaches(trend, { rest: 0, perViewer: 1, capacity: cap }, by) || (origin < t0 && within(path.map((p) => p.p10)))
  );
}

/** One event scored as rollingEvent scores it, every gridMin from T−1h, with the claim `rule`. */
export function claimEvent(
  item: LoadedEvent,
  readings: readonly OriginReading[],
  capacities: readonly number[],
  gridMin: number,
  rule: ClaimRule
): RollingEvent {
  const { event, windowEnd } = item;
  const start = event.t0 + ROLLING_FROM_MIN * MIN;
  const lastT = item.points[item.points.length - 1]?.t ?? -Infinity;
  // The stretch the claims read (from the sample before T−1h to 30 min past the window): firstCrossing
  // copies the series from its start on every call, and a file's series spans weeks.
  const points = item.points.slice(
    Math.max(0, lowerBound(item.points, start) - 1),
    upperBound(item.points, windowEnd + SATURATION_WITHIN_MS) + 1
  );
  const byOrigin = new Map(readings.map((r) => [r.origin, r]));
  const memo = new Map<string, boolean>();
  const raw = (r: OriginReading, i: number) => {
    const key = `${r.origin}|${i}`;
    let red = memo.get(key);
    if (red === undefined) memo.set(key, (red = claimRed(r, capacities[i] as number, event.t0, rule.q)));
    return red;
  };
  const claims: RollingClaim[] = [];
  const redAt = capacities.map(() => new Map<number, boolean>());
  for (const r of readings) {
    if ((r.origin - start) % (gridMin * MIN) !== 0) continue;
    capacities.forEach((cap, i) => {
      if (!(r.latest < cap)) return;
      let red = raw(r, i);
      if (red && rule.holdMs > 0) {
        const prev = byOrigin.get(r.origin - rule.holdMs);
        red = prev !== undefined && prev.latest < cap && raw(prev, i);
      }
      scoreClaim(points, lastT, r.origin, cap, i, red, redAt, claims);
    });
  }
  return { claims, crossings: crossingsOf(points, start, windowEnd, capacities, redAt) };
}

/** One event with its kept readings and class, for the sweep. */
export interface SweptEvent {
  item: LoadedEvent;
  readings: readonly OriginReading[];
}

/** Each event scored with a claim rule of its own (e.g. the q chosen without it), summed as one class. */
export function scoreEach(
  events: readonly SweptEvent[],
  fractions: readonly number[],
  gridMin: number,
  ruleFor: (index: number) => ClaimRule
): RollingEvent[] {
  return events.map((e, i) =>
    claimEvent(
      e.item,
      e.readings,
      fractions.map((f) => f * (e.item.peak as number)),
      gridMin,
      ruleFor(i)
    )
  );
}

/**
 * q chosen inside each leave-one-out fold: for each event, the candidate with the best precision over
 * the other events of its class whose held lead is at least `minLeadMin` (else the best precision; ties
 * to the lower q), then that event scored with it. Returns the per-event scores and the q each got.
 */
export function foldChosenQ(
  events: readonly SweptEvent[],
  fractions: readonly number[],
  gridMin: number,
  candidates: readonly number[],
  summarize: (evs: readonly RollingEvent[]) => { precision: number | null; leadHeldMin: number | null },
  minLeadMin = 10,
  holdMs = 0
): { scored: RollingEvent[]; chosen: number[] } {
  const byQ = candidates.map((q) => scoreEach(events, fractions, gridMin, () => ({ q, holdMs })));
  const chosen = events.map((_, i) => {
    let best = 0;
    let bestScore = -Infinity;
    byQ.forEach((scored, k) => {
      const s = summarize(scored.filter((_, j) => j !== i));
      const score = (s.precision ?? 0) - ((s.leadHeldMin ?? 0) >= minLeadMin ? 0 : 1);
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    });
    return best;
  });
  return {
    scored: chosen.map((k, i) => byQ[k]?.[i] as RollingEvent),
    chosen: chosen.map((k) => candidates[k] as number),
  };
}
