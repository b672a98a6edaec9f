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

/** The main plot's value axis: viewers, or each value as a share of the capacity in force then. */
export type ValueAxis = 'viewers' | 'share';

export interface OverlayOptions {
  queries: RoleQueries;
  topN: number;
  /** Used when no capacity query answers; 0 means none. */
  capacityConstant: number;
  calendarSource: CalendarSource;
  /** Used when the exporter publishes no `launchday_slo_objective_ratio`. */
  loginSuccessSlo: number;
  segmentErrorSlo: number;
  showForecast: boolean;
  showLoginStrip: boolean;
  showSegmentStrip: boolean;
  /** Status tiles above the plot, one per live or next event, at most this many (0: none). */
  tiles: number;
  valueAxis: ValueAxis;
  /** Text and strokes grow with the panel's size (a wall screen); off keeps Grafana's sizes. */
  wallScale: boolean;
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
  loginSuccessSlo: 0.99,
  segmentErrorSlo: 0.01,
  showForecast: true,
  showLoginStrip: true,
  showSegmentStrip: true,
  tiles: 4,
  valueAxis: 'viewers',
  wallScale: true,
};
