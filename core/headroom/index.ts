export { headroom } from './headroom';
export type { HeadroomStatus } from './headroom';
