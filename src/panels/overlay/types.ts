import type { ForecastMethod } from '../../../core/forecast/types';

/** Which query (by refId) feeds a role; empty means "detect from our metric names". */
export interface RoleQueries {
  viewers: string;
  loginAttempts: string;
  loginFailures: string;
  loginSuccessRatio: string;
  segmentRequests: string;
  segmentFailures: string;
  segmentErrorRatio: string;
  capacity: string;
  events: string;
}

export type CalendarSource = 'series' | 'annotations' | 'both';

export interface OverlayOptions {
  queries: RoleQueries;
  topN: number;
  /** Used when no capacity query answers; 0 means none. */
  capacityConstant: number;
  calendarSource: CalendarSource;
  forecastMethod: ForecastMethod;
  forecastHorizonMinutes: number;
  bandLow: number;
  bandHigh: number;
  /** Headroom ratio (1 - peak / capacity) below which a badge turns amber, resp. red. */
  headroomAmber: number;
  headroomRed: number;
  loginSuccessSlo: number;
  segmentErrorSlo: number;
  showForecast: boolean;
  showLoginStrip: boolean;
  showSegmentStrip: boolean;
  showBadges: boolean;
}

export const DEFAULT_QUERIES: RoleQueries = {
  viewers: '',
  loginAttempts: '',
  loginFailures: '',
  loginSuccessRatio: '',
  segmentRequests: '',
  segmentFailures: '',
  segmentErrorRatio: '',
  capacity: '',
  events: '',
};

export const DEFAULT_OPTIONS: OverlayOptions = {
  queries: DEFAULT_QUERIES,
  topN: 5,
  capacityConstant: 0,
  calendarSource: 'both',
  forecastMethod: 'launchday',
  forecastHorizonMinutes: 180,
  bandLow: 0.1,
  bandHigh: 0.9,
  headroomAmber: 0.2,
  headroomRed: 0.05,
  loginSuccessSlo: 0.99,
  segmentErrorSlo: 0.01,
  showForecast: true,
  showLoginStrip: true,
  showSegmentStrip: true,
  showBadges: true,
};
