import type { Capacity, CapacityResource, CapacityUnit } from './capacity';

export interface ResolvedResource {
  id: string;
  unit: CapacityUnit;
  /** The limit in force at the instant asked for. */
  limit: number;
  /** When that limit took effect (the step's `from`), absent when it is the base limit. */
  since?: number;
  /** The next scheduled change after the instant, if any. */
  next?: { from: number; limit: number };
}

/** The limit of one resource at `instant`: the last step whose `from` is not after it, else the base. */
export function resourceAt(resource: CapacityResource, instant: number): ResolvedResource {
  let limit = resource.limit;
  let since: number | undefined;
  let next: ResolvedResource['next'];
  for (const step of resource.steps) {
    if (step.from <= instant) {
      limit = step.limit;
      since = step.from;
    } else if (!next || step.from < next.from) {
      next = { from: step.from, limit: step.limit };
    }
  }
  return {
    id: resource.id,
    unit: resource.unit,
    limit,
    ...(since !== undefined ? { since } : {}),
    ...(next ? { next } : {}),
  };
}

/** Every resource resolved at `instant`, in the capacity's order. */
export function capacityAt(capacity: Capacity, instant: number): ResolvedResource[] {
  return capacity.resources.map((r) => resourceAt(r, instant));
}

/** The limit of resource `id` at `instant`, or undefined when the capacity does not declare it. */
export function limitAt(capacity: Capacity, id: string, instant: number): number | undefined {
  const resource = capacity.resources.find((r) => r.id === id);
  return resource ? resourceAt(resource, instant).limit : undefined;
}
