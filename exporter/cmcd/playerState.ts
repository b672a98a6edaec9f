import type { HeartbeatEvent } from '../ingest/eventSchema';
import type { CmcdReport } from './cmcdReport';

type State = HeartbeatEvent['state'];

/**
 * CTA-5004-B `sta` to session states. Starting and seeking count as watching; preloading and waiting
 * keep the session without counting it, like a pause; ended, fatal error and quit end it.
 */
const BY_STA: Record<string, State> = {
  s: 'playing',
  p: 'playing',
  k: 'playing',
  r: 'buffering',
  a: 'paused',
  w: 'paused',
  d: 'paused',
  e: 'ended',
  f: 'ended',
  q: 'ended',
};

/** The session state a report implies; without a known `sta` (v1), a request in flight means watching. */
export function sessionState(report: CmcdReport): State {
  const sta = report.sta;
  if (sta !== undefined && Object.hasOwn(BY_STA, sta)) return BY_STA[sta] as State;
  return report.bs ? 'buffering' : 'playing';
}
