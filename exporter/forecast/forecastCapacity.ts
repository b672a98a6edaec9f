import { parseResourceId } from '../../core/capacity/capacity';
import type { ResolvedResource } from '../../core/capacity/capacityAt';
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
