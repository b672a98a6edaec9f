/**
 * What the platform holds, per resource. Ids are shared with forecasts and alerts: `viewers`,
 * `logins`, `segments` (platform-wide) and `segments:<cdn>` for one CDN's own limit.
 */
export type CapacityUnit = 'viewers' | 'logins_per_second' | 'requests_per_second';

/** A pre-scaled step: from `from` (epoch ms) on, the limit is `limit`. */
export interface CapacityStep {
  from: number;
  limit: number;
}

export interface CapacityResource {
  id: string;
  unit: CapacityUnit;
  /** The limit before any step applies. */
  limit: number;
  /** Sorted by `from`. */
  steps: CapacityStep[];
  notes?: string;
}

export interface Capacity {
  resources: CapacityResource[];
}

export const EMPTY_CAPACITY: Capacity = { resources: [] };

export type ResourceRef = { kind: 'viewers' } | { kind: 'logins' } | { kind: 'segments'; cdn?: string };

const SEGMENTS_PREFIX = 'segments:';

/** Reads a resource id; undefined for ids the model does not know (reported by the caller). */
export function parseResourceId(id: string): ResourceRef | undefined {
  if (id === 'viewers') return { kind: 'viewers' };
  if (id === 'logins') return { kind: 'logins' };
  if (id === 'segments') return { kind: 'segments' };
  if (id.startsWith(SEGMENTS_PREFIX) && id.length > SEGMENTS_PREFIX.length) {
    return { kind: 'segments', cdn: id.slice(SEGMENTS_PREFIX.length) };
  }
  return undefined;
}

export function unitOf(ref: ResourceRef): CapacityUnit {
  if (ref.kind === 'viewers') return 'viewers';
  if (ref.kind === 'logins') return 'logins_per_second';
  return 'requests_per_second';
}
