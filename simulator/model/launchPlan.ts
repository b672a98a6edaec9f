import type { TitleAudience } from './audienceCurve';
import type { RetryPolicy } from './reconnect';

/** A region's share of the audience and the CDN that serves it. */
export interface RegionPlan {
  name: string;
  share: number;
  cdn: string;
}

export interface DevicePlan {
  name: string;
  share: number;
}

export interface TitlePlan {
  audience: TitleAudience;
  /** Serves this title from one CDN whatever the region (a live channel vs the replay service). */
  cdn?: string;
}

/** `logins`, `viewers`, `segments:<cdn>` or `all` (every resource at once: a whole-service outage). */
export type CapacityTarget = string;

/** A scheduled capacity change: a pre-scaled step, a degradation, or an outage (factor 0). */
export interface CapacityChange {
  resource: CapacityTarget;
  from: number;
  until: number;
  factor: number;
}

/** An incident that fails a share of requests whatever the load (a broken backend, a bad deploy). */
export interface Fault {
  resource: CapacityTarget;
  from: number;
  until: number;
  failureRatio: number;
}

export interface CapacityPlan {
  viewers: number;
  loginsPerSecond: number;
  /** Segment requests per second each CDN holds. */
  segmentsPerSecond: Record<string, number>;
  changes: CapacityChange[];
  faults: Fault[];
}

/** Everything the population model needs; times are epoch ms. */
export interface LaunchPlan {
  from: number;
  to: number;
  stepSeconds: number;
  titles: TitlePlan[];
  regions: RegionPlan[];
  devices: DevicePlan[];
  capacity: CapacityPlan;
  /** Viewers log in this long before they start watching. */
  loginLeadMinutes: number;
  /** Share of viewers per minute whose session ends and who log in again (device switches, app restarts). */
  churnPerMinute: number;
  segmentsPerViewerPerSecond: number;
  loginTimeoutSeconds: number;
  segmentTimeoutSeconds: number;
  /** Share of viewers per minute who drop out when every segment fails (scaled by the failure ratio). */
  dropPerMinuteAtFullFailure: number;
  retry: RetryPolicy;
}

/** Capacity of one resource at t, after the scheduled changes. */
export function capacityAt(capacity: CapacityPlan, resource: CapacityTarget, t: number): number {
  let base: number;
  if (resource === 'logins') base = capacity.loginsPerSecond;
  else if (resource === 'viewers') base = capacity.viewers;
  else if (resource === 'segments') base = Object.values(capacity.segmentsPerSecond).reduce((a, b) => a + b, 0);
  else base = capacity.segmentsPerSecond[resource.slice('segments:'.length)] ?? Infinity;
  for (const change of capacity.changes) {
    if (t < change.from || t >= change.until) continue;
    const applies =
      change.resource === resource ||
      change.resource === 'all' ||
      (resource === 'segments' && change.resource.startsWith('segments:'));
    // A change to one CDN moves the platform total by that CDN's share only.
    if (applies && resource === 'segments' && change.resource.startsWith('segments:')) {
      const cdnBase = capacity.segmentsPerSecond[change.resource.slice('segments:'.length)] ?? 0;
      base += cdnBase * (change.factor - 1);
    } else if (applies) base *= change.factor;
  }
  return base;
}

/** Share of requests an incident fails at t, whatever the load (0 when none is active). */
export function faultAt(capacity: CapacityPlan, resource: CapacityTarget, t: number): number {
  let pass = 1;
  for (const fault of capacity.faults) {
    if (t < fault.from || t >= fault.until) continue;
    if (fault.resource === resource || fault.resource === 'all') pass *= 1 - fault.failureRatio;
  }
  return 1 - pass;
}
