import type { HeartbeatEvent } from '../ingest/eventSchema';
import type { CmcdReport } from './cmcdReport';

type State = HeartbeatEvent['state'];

/**
 * CTA-5004-B `sta` to session states. Starting and seeking count as watching. Rebuffering and waiting
 * are viewers in trouble: dash.js sends `w` while it waits out a stall. A fatal error is not an end
 * either: Shaka's debug build sends `f` for a 504 it then recovers from, so the session stays counted
 * as buffering, and a player that really died stops reporting and leaves with its TTL. Paused and
 * preloading keep the session without counting it; ended and quit end it.
 */
const BY_STA: Record<string, State> = {
  s: 'playing',
  p: 'playing',
  k: 'playing',
  r: 'buffering',
  w: 'buffering',
  f: 'buffering',
  a: 'paused',
  d: 'paused',
  e: 'ended',
  q: 'ended',
};

/**
 * The session state a report implies; without a known `sta` (v1), a request in flight means watching.
 * `bs` (the buffer ran dry since the last request) makes a watching player a buffering one: dash.js
 * keeps sending `sta=p` with `bs` while it waits for a segment that answers 504.
 */
export function sessionState(report: CmcdReport): State {
  const sta = report.sta;
  const state = sta !== undefined && Object.hasOwn(BY_STA, sta) ? (BY_STA[sta] as State) : 'playing';
  return state === 'playing' && report.bs ? 'buffering' : state;
}
