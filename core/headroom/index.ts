export { headroom, headroomStatus, DEFAULT_THRESHOLDS } from './headroom';
export type { HeadroomStatus, HeadroomThresholds } from './headroom';
