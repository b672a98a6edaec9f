// What the refresher last computed; the collector and the preview's snapshot read it.
import type { EventForecast } from '../../core/forecast';
import { DEFAULT_SLO_OBJECTIVES, type SloObjectives } from '../../core/status';

/** `segments:<cdn>` is one CDN's own segment requests, next to the platform's `segments`. */
export type Resource = 'viewers' | 'logins' | 'segments' | `segments:${string}`;
export type Band = 'p10' | 'p50' | 'p90';

export interface ForecastSnapshot {
  /** The refresh's instant (model clock); 0 before the first. */
  computedAt: number;
  /** One per forecast event, nearest first; instants on the model clock. */
  forecasts: EventForecast[];
  observedPeaks: { event: string; value: number }[];
  objectives: SloObjectives;
}

export const emptySnapshot = (objectives: SloObjectives = DEFAULT_SLO_OBJECTIVES): ForecastSnapshot => ({
  computedAt: 0,
  forecasts: [],
  observedPeaks: [],
  objectives,
});
