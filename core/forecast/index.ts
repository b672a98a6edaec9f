export type { Point, BandPoint, ForecastMethod, ForecastKind, PastEvent, PeakBand } from './types';
export { nowcast, BASELINE_FITS } from './nowcast';
export type { NowcastOptions } from './nowcast';
export { forecastPeak } from './referenceClass';
export type { PeakInput } from './referenceClass';
export { timeToSaturation } from './saturation';
export type { Saturation } from './saturation';
export { eventBaseline } from './baseline';
export { PROFILE_HISTORY_MS } from './expectedLevel';
export { EVENT_WINDOW_MIN } from './eventWindow';
export { SHIPPED_LIBRARY } from './templates.data';
export type { LaunchTemplate, HorizonBand, TemplateLibrary } from './template';
export { templatePeakRatio, templateRatioAt, bandPhase, bandFor, HORIZON_BUCKETS_MIN } from './template';
export { headroom } from '../headroom';
export type { HeadroomStatus } from '../headroom';
export { median, quantile } from './quantile';
export { pointsBetween, valueAt, lowerBound, upperBound, typicalStep } from './series';
export { deriveLibrary, buildTemplate, forecastEvent, HISTORY_MS } from './derive';
export type { ObservedEvent } from './derive';
export { eventForecast, BANDS } from './eventForecast';
export type {
  EventForecast,
  EventForecastInput,
  ResourceLoad,
  LiveSlo,
  LeadingSignals,
  PathPoint,
  Band,
} from './eventForecast';
export { eventWindow, gridTimes, PATH_LEAD_MIN, MAX_PATH_POINTS } from './eventForecastWindow';
export type { EventWindow } from './eventForecastWindow';
export { firstCrossing, stepAt } from './saturation';
