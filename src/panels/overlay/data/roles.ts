import type { DataFrame } from '@grafana/data';

import type { RoleQueries } from '../types';

export type Role = keyof RoleQueries;

/*
 * The war-room dashboard's queries. Roles are found by refId (named after the role) or by metric name:
 *   viewers            sum by (title) (launchday_concurrent_viewers)
 *   capacity           launchday_capacity_viewers
 *   loginSuccessRatio  1 - sum(rate(launchday_login_failures_total[5m])) / sum(rate(launchday_login_attempts_total[5m]))
 *   segmentErrorRatio  sum(rate(launchday_segment_failures_total[5m])) / sum(rate(launchday_segment_requests_total[5m]))
 *   events             launchday_event_start_timestamp_seconds, launchday_event_end_timestamp_seconds,
 *                      launchday_event_info (or the calendar annotations)
 * The published forecast (data/publishedForecast.ts) is read by __name__, so raw selectors, one query each,
 * refId named after the part (the fallback when an aggregation drops __name__), instant or range:
 *   status        launchday_event_status
 *   binding       launchday_event_binding_info
 *   peak          launchday_forecast_peak_viewers
 *   path          launchday_forecast_path_viewers
 *   headroom      launchday_forecast_headroom_ratio
 *   saturation    launchday_forecast_saturation_timestamp_seconds
 *   sloObjective  launchday_slo_objective_ratio
 * With several exporters only the forecaster publishes these, so no sum() is needed (or wanted).
 */

/** Our metric names, most specific first: a ratio query names both of its counters. */
const METRIC_HINTS: Array<[Role, (text: string) => boolean]> = [
  ['loginSuccessRatio', (t) => t.includes('login_failures') && t.includes('login_attempts')],
  ['segmentErrorRatio', (t) => t.includes('segment_failures') && t.includes('segment_requests')],
  ['loginFailures', (t) => t.includes('login_failures')],
  ['loginAttempts', (t) => t.includes('login_attempts')],
  ['segmentFailures', (t) => t.includes('segment_failures')],
  ['segmentRequests', (t) => t.includes('segment_requests')],
  ['capacity', (t) => t.includes('launchday_capacity_viewers')],
  ['events', (t) => /launchday_event_(info|start|end|expected)/.test(t)],
  ['viewers', (t) => t.includes('launchday_concurrent_viewers')],
];

/** Everything a frame says about where it came from: refId, name, the executed query, metric labels. */
function frameText(frame: DataFrame): string {
  const parts = [frame.refId, frame.name, frame.meta?.executedQueryString];
  for (const field of frame.fields) {
    parts.push(field.name, field.labels?.__name__, field.config.displayNameFromDS);
  }
  return parts.filter(Boolean).join(' ');
}

/** The role a frame plays: an explicit refId mapping wins, then a refId named after the role, then our metric names. */
export function roleOf(frame: DataFrame, queries: RoleQueries): Role | undefined {
  return roleReader(queries)(frame);
}

/** roleOf with the options read once, for every frame of one data update. */
function roleReader(queries: RoleQueries): (frame: DataFrame) => Role | undefined {
  const roles = Object.keys(queries) as Role[];
  const explicit = new Map<string, Role>();
  for (const role of roles) {
    if (queries[role] !== '' && !explicit.has(queries[role])) {
      explicit.set(queries[role], role);
    }
  }
  const named = new Map<string, Role>(roles.map((role) => [role.toLowerCase(), role]));
  return (frame) => {
    const refId = frame.refId ?? '';
    const mapped = explicit.get(refId);
    if (mapped) {
      return mapped;
    }
    if (frame.refId && explicit.has(frame.refId)) {
      return undefined;
    }
    const byName = frame.refId ? named.get(frame.refId.toLowerCase()) : undefined;
    if (byName) {
      return byName;
    }
    const text = frameText(frame);
    return METRIC_HINTS.find(([, matches]) => matches(text))?.[0];
  };
}

export type FramesByRole = Partial<Record<Role, DataFrame[]>>;

export function groupByRole(frames: DataFrame[], queries: RoleQueries): FramesByRole {
  const grouped: FramesByRole = {};
  const roleOfFrame = roleReader(queries);
  for (const frame of frames) {
    const role = roleOfFrame(frame);
    if (role) {
      (grouped[role] ??= []).push(frame);
    }
  }
  return grouped;
}
