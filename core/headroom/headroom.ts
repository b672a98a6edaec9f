export type HeadroomStatus = 'green' | 'amber' | 'red';

export interface HeadroomThresholds {
  /** Below this headroom ratio the status is amber. */
  amber: number;
  /** Below this headroom ratio the status is red. */
  red: number;
}

/** Defaults: amber under 20% spare, red under 5% (Hotstar-style buffer for the surge within scale-up time). */
export const DEFAULT_THRESHOLDS: HeadroomThresholds = { amber: 0.2, red: 0.05 };

/** 1 − peak ÷ capacity: the share of capacity left at the forecast peak (negative when over). */
export function headroom(peak: number, capacity: number): number {
  if (!(capacity > 0)) return Number.NEGATIVE_INFINITY;
  return 1 - Math.max(0, peak) / capacity;
}

export function headroomStatus(ratio: number, thresholds: HeadroomThresholds = DEFAULT_THRESHOLDS): HeadroomStatus {
  if (Number.isNaN(ratio) || ratio < thresholds.red) return 'red';
  if (ratio < thresholds.amber) return 'amber';
  return 'green';
}
