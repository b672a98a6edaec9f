import { parseResourceId, type Capacity } from '../../core/capacity/capacity';
import { resourceAt, type ResolvedResource } from '../../core/capacity/capacityAt';
import type { Point } from '../../core/forecast';
import type { CapacityNow } from './resourceDemand';

/** The limits in force now, as the forecast reads them: `segments:<cdn>` ids become `segmentsByCdn`. */
export function forecastCapacity(resources: readonly ResolvedResource[]): CapacityNow {
  const out: CapacityNow & { segmentsByCdn: Map<string, number> } = { segmentsByCdn: new Map() };
  for (const r of resources) {
    const ref = parseResourceId(r.id);
    if (!ref) continue;
    if (ref.kind === 'segments' && ref.cdn !== undefined) out.segmentsByCdn.set(ref.cdn, r.limit);
    else out[ref.kind] = r.limit;
  }
  return out;
}

/** Capacity in force over time by resource id (`viewers`, `segments:<cdn>`...): each limit holds from its t on. */
export type CapacitySteps = ReadonlyMap<string, Point[]>;

/**
 * Each resource's limits from `from` to `to`: the one in force at `from`, then every scheduled step
 * (pre-scaling, scale-downs) up to `to`. `toModel` puts the instants on the forecast's clock.
 */
export function capacitySteps(
  capacity: Capacity,
  from: number,
  to: number,
  toModel: (wall: number) => number = (t) => t
): CapacitySteps {
  const out = new Map<string, Point[]>();
  for (const resource of capacity.resources) {
    if (!parseResourceId(resource.id)) continue;
    const steps: Point[] = [{ t: toModel(from), v: resourceAt(resource, from).limit }];
    for (const step of resource.steps)
      if (step.from > from && step.from <= to) steps.push({ t: toModel(step.from), v: step.limit });
    out.set(resource.id, steps);
  }
  return out;
}
