/**
 * Beyond this many times the data's top, capacity is not allowed to set the axis: the curves would live in
 * the bottom half of the chart. It is marked at the top edge with its value instead.
 */
export const CAPACITY_OFF_SCALE_FACTOR = 2;

export interface ValueRange {
  /** The axis top the overlays need (Grafana still rounds it to a tick). */
  softMax: number;
  /** Set when capacity is above the axis: the value marked at the top edge. */
  capacityAbove?: number;
}

/** The axis follows the data (series and forecast band in view); capacity joins it only when it is near. */
export function valueRange(dataMax: number, capacityMax: number): ValueRange {
  if (!(capacityMax > 0)) {
    return { softMax: dataMax * 1.05 };
  }
  if (dataMax > 0 && capacityMax > dataMax * CAPACITY_OFF_SCALE_FACTOR) {
    return { softMax: dataMax * 1.1, capacityAbove: capacityMax };
  }
  return { softMax: Math.max(dataMax, capacityMax) * 1.05 };
}

/** The largest finite number among columns (nulls are gaps). */
export function columnMax(columns: Array<ReadonlyArray<number | null>>): number {
  let max = 0;
  for (const c of columns) {
    for (const v of c) {
      if (v !== null && v > max) {
        max = v;
      }
    }
  }
  return max;
}
