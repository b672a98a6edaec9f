/** Segment outcomes as failure classes; 504 stays on its own because it is the saturation signal. */
export const STATUS_CLASSES = ['504', '5xx', '4xx', 'timeout', 'aborted'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export type SegmentStatus = number | 'timeout' | 'aborted';

/** The failure class of a segment result, or null when it succeeded (1xx–3xx). */
export function statusClass(status: SegmentStatus): StatusClass | null {
  if (status === 'timeout' || status === 'aborted') return status;
  if (status === 504) return '504';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  return null;
}
