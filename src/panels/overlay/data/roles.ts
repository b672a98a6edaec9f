import type { DataFrame } from '@grafana/data';

import type { RoleQueries } from '../types';

export type Role = keyof RoleQueries;

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
  const roles = Object.keys(queries) as Role[];
  const explicit = roles.find((role) => queries[role] !== '' && queries[role] === frame.refId);
  if (explicit) {
    return explicit;
  }
  const claimed = new Set(Object.values(queries).filter((refId) => refId !== ''));
  if (frame.refId && claimed.has(frame.refId)) {
    return undefined;
  }
  const named = roles.find((role) => role.toLowerCase() === frame.refId?.toLowerCase());
  if (named) {
    return named;
  }
  const text = frameText(frame);
  return METRIC_HINTS.find(([, matches]) => matches(text))?.[0];
}

export type FramesByRole = Partial<Record<Role, DataFrame[]>>;

export function groupByRole(frames: DataFrame[], queries: RoleQueries): FramesByRole {
  const grouped: FramesByRole = {};
  for (const frame of frames) {
    const role = roleOf(frame, queries);
    if (role) {
      (grouped[role] ??= []).push(frame);
    }
  }
  return grouped;
}
