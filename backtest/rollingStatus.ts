import type { PastEvent, Point, TemplateLibrary } from '../core/forecast';
import { lowerBound, median, upperBound } from '../core/forecast';
import { firstCrossing, SATURATION_WITHIN_MS } from './metrics';
import { publishedCase } from './publishedForecast';
import type { LoadedEvent } from './runner';

const MIN = 60_000;

/**
 * "Saturates within 30 min" as a war room lives it: the status is published at every refresh, so it is
 * scored at a rolling origin every ROLLING_STEP_MIN from ROLLING_FROM_MIN before T0 to the window's end,
 * not at the seven fixed origins (most launch crossings fall within 5 minutes of one of those, which
 * bounds the lead by where the origins fall, not by the forecast).
 */
export const ROLLING_STEP_MIN = 5;
export const ROLLING_FROM_MIN = -60;

/** One published red-or-not per (origin, capacity) that could be settled. */
export interface RollingClaim {
  origin: number;
  /** Index into the capacities. */
  capacity: number;
  red: boolean;
  /** The series reaches the capacity within 30 min of the origin. */
  reached: boolean;
}

/** One (event, capacity) whose series rose to the capacity after the rolling start, and how it was called. */
export interface RollingCrossing {
  capacity: number;
  at: number;
  /** The first red claim in the 30 min before the crossing (undefined: none; the crossing was missed). */
  firstRed?: number;
  /**
   * The start of the red that held at every refresh up to the crossing (undefined: the last refresh
   * before the crossing was not red).
   */
  heldFrom?: number;
}

export interface RollingEvent {
  claims: RollingClaim[];
  crossings: RollingCrossing[];
}

/** The last sample at or before `t` (what the forecaster has seen). */
const latestAt = (points: readonly Point[], t: number) => points[upperBound(points, t) - 1]?.v;

/**
 * The first upward crossing of `level` after `from`: the series below it at some sample, then at or
 * over it (interpolated between samples, as the fixed-origin score reads it).
 */
export function upwardCrossing(points: readonly Point[], from: number, to: number, level: number): number | undefined {
  let below: number | undefined;
  for (let i = Math.max(0, lowerBound(points, from) - 1); i < points.length; i++) {
    const p = points[i] as Point;
    if (p.t > to) return undefined;
    if (p.v < level) {
      below ??= Math.max(from, p.t);
      continue;
    }
    if (below !== undefined) return firstCrossing(points, below, level);
  }
  return undefined;
}

/**
 * How the refreshes before one crossing at `at` called it, from each refresh's red-or-not (`redAt`:
 * origin -> red): the first red in the 30 min before it, and the start of the red run that held at
 * every refresh up to it (a red that lapsed and came back holds from its last return; none when the
 * last refresh before the crossing was not red).
 */
export function crossingCalls(
  redAt: ReadonlyMap<number, boolean>,
  at: number
): Pick<RollingCrossing, 'firstRed' | 'heldFrom'> {
  const before = [...redAt.entries()]
    .filter(([o]) => o < at && o >= at - SATURATION_WITHIN_MS)
    .sort((a, b) => a[0] - b[0]);
  const firstRed = before.find(([, r]) => r)?.[0];
  let heldFrom: number | undefined;
  for (let k = before.length - 1; k >= 0 && (before[k] as [number, boolean])[1]; k--) heldFrom = before[k]?.[0];
  return { ...(firstRed !== undefined ? { firstRed } : {}), ...(heldFrom !== undefined ? { heldFrom } : {}) };
}

/**
 * Every rolling origin of one event: the published status per capacity (the backtest's one-resource
 * eventForecast, as at the fixed origins), scored against the series. A claim is settled unless the
 * last sample seen is already at or over the capacity (an incident now, not a forecast) or the series
 * stops before the 30 minutes are out without reaching it (censored).
 */
export function rollingEvent(
  item: LoadedEvent,
  past: readonly PastEvent[],
  capacities: readonly number[],
  library: TemplateLibrary | undefined,
  stepMin = ROLLING_STEP_MIN
): RollingEvent {
  const { points, event, windowEnd } = item;
  const lastT = points[points.length - 1]?.t ?? -Infinity;
  const start = event.t0 + ROLLING_FROM_MIN * MIN;
  const claims: RollingClaim[] = [];
  const redAt = capacities.map(() => new Map<number, boolean>());
  for (let origin = start; origin < windowEnd; origin += stepMin * MIN) {
    const latest = latestAt(points, origin);
    if (latest === undefined) continue;
    const open = capacities.map((c) => latest < c);
    if (!open.some(Boolean)) continue;
    const { red } = publishedCase(item, origin, past, capacities, library);
    capacities.forEach((cap, i) => {
      if (!open[i]) return;
      scoreClaim(points, lastT, origin, cap, i, red[i] === true, redAt, claims);
    });
  }
  return { claims, crossings: crossingsOf(points, start, windowEnd, capacities, redAt) };
}

/**
 * One claim at an origin against capacity i: kept in `redAt` (for the crossings' held reds) and
 * scored unless censored (not reached and the series ends within the claim's 30 minutes).
 */
export function scoreClaim(
  points: readonly Point[],
  lastT: number,
  origin: number,
  cap: number,
  i: number,
  red: boolean,
  redAt: Map<number, boolean>[],
  claims: RollingClaim[]
): void {
  const crossing = firstCrossing(points, origin, cap);
  const reached = crossing !== undefined && crossing <= origin + SATURATION_WITHIN_MS;
  redAt[i]?.set(origin, red);
  if (!reached && lastT < origin + SATURATION_WITHIN_MS) return; // censored
  claims.push({ origin, capacity: i, red, reached });
}

/** Each capacity's upward crossing in the window, with the reds held up to it. */
export function crossingsOf(
  points: readonly Point[],
  start: number,
  windowEnd: number,
  capacities: readonly number[],
  redAt: Map<number, boolean>[]
): RollingCrossing[] {
  const crossings: RollingCrossing[] = [];
  capacities.forEach((cap, i) => {
    const at = upwardCrossing(points, start, windowEnd, cap);
    if (at === undefined) return;
    crossings.push({ capacity: i, at, ...crossingCalls(redAt[i] ?? new Map<number, boolean>(), at) });
  });
  return crossings;
}

export interface RollingSummary {
  claims: number;
  red: number;
  rightRed: number;
  /** Right red claims ÷ red claims. */
  precision: number | null;
  crossings: number;
  /** Crossings with a red claim in the 30 min before them ÷ crossings. */
  recall: number | null;
  /** Crossings whose red held at every refresh up to them ÷ crossings. */
  recallHeld: number | null;
  /** Median over caught crossings of crossing − the first red claim, minutes. */
  leadFirstMin: number | null;
  /** Median over held crossings of crossing − the start of the red that held up to it, minutes (the target's). */
  leadHeldMin: number | null;
}

/** Pooled over events (one class): counts, precision, recall and the two leads. */
export function summarizeRolling(events: readonly RollingEvent[]): RollingSummary {
  const claims = events.flatMap((e) => e.claims);
  const crossings = events.flatMap((e) => e.crossings);
  const red = claims.filter((c) => c.red);
  const rightRed = red.filter((c) => c.reached).length;
  const caught = crossings.filter((c) => c.firstRed !== undefined);
  const held = crossings.filter((c) => c.heldFrom !== undefined);
  const med = (xs: number[]) => (xs.length ? median(xs) : null);
  return {
    claims: claims.length,
    red: red.length,
    rightRed,
    precision: red.length ? rightRed / red.length : null,
    crossings: crossings.length,
    recall: crossings.length ? caught.length / crossings.length : null,
    recallHeld: crossings.length ? held.length / crossings.length : null,
    leadFirstMin: med(caught.map((c) => (c.at - (c.firstRed as number)) / MIN)),
    leadHeldMin: med(held.map((c) => (c.at - (c.heldFrom as number)) / MIN)),
  };
}
