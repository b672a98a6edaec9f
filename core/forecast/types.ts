import type { EventKind } from '../calendar/event';

/** One sample of a series: t in epoch ms. */
export type Point = { t: number; v: number };

/** One instant of a forecast band: the median and the two outer quantiles (P10/P90 by default). */
export type BandPoint = { t: number; p10: number; p50: number; p90: number };

export type ForecastMethod = 'launchday' | 'holt' | 'predict_linear' | 'seasonal_naive';

/** The calendar's kinds plus the mass re-login after an outage. */
export type ForecastKind = EventKind | 'relogin';

/** A past event as the event history remembers it: the reference class learns from these. */
export interface PastEvent {
  kind: ForecastKind;
  /** Level just before T0. */
  baseline: number;
  /** Highest level seen in the event window. */
  observedPeak: number;
  /** What the planner expected, when a planner said. */
  expectedPeak?: number;
}

export type PeakBand = { p10: number; p50: number; p90: number };
