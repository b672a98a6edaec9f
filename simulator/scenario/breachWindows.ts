import { RETRYING_REQUEST_SHARE, type AudienceGroup, type ModelFrame } from '../model/launchNight';
import type { FailureWindow, Scenario } from './scenarioSchema';

/** One contiguous stretch where a signal breached its SLO. */
export interface Breach {
  signal: 'login' | 'segments';
  scope: string;
  from: number;
  to: number;
}

/** The scope a failure window names: a title, a CDN, or the whole platform. */
export function windowScope(w: Pick<FailureWindow, 'signal' | 'title' | 'cdn'>): string {
  if (w.signal === 'login') return 'all';
  if (w.title) return `title:${w.title}`;
  if (w.cdn) return `cdn:${w.cdn}`;
  return 'all';
}

/** Segment error ratio of one scope in a frame, weighting each CDN by the requests of the scope's groups. */
export function segmentErrorRatio(frame: ModelFrame, groups: AudienceGroup[], scope: string): number {
  let requests = 0;
  let failures = 0;
  groups.forEach((g, i) => {
    if (scope.startsWith('title:') && g.title !== scope.slice(6)) return;
    if (scope.startsWith('cdn:') && g.cdn !== scope.slice(4)) return;
    const cdnRequests = frame.segmentRequestsByCdn[g.cdn] ?? 0;
    const load = (j: number) =>
      (frame.watchingByGroup[j] ?? 0) + RETRYING_REQUEST_SHARE * (frame.retryingByGroup[j] ?? 0);
    const cdnLoad = groups.reduce((sum, h, j) => sum + (h.cdn === g.cdn ? load(j) : 0), 0);
    const share = cdnLoad > 0 ? load(i) / cdnLoad : 0;
    requests += cdnRequests * share;
    failures += cdnRequests * share * (frame.segmentFailureRatioByCdn[g.cdn] ?? 0);
  });
  return requests > 0 ? failures / requests : 0;
}

/**
 * Where the model's signals breach the scenario's SLOs, per scope: the login ratio platform-wide,
 * and the segment error ratio platform-wide, per title and per CDN.
 */
export function modelBreaches(s: Scenario, frames: ModelFrame[], groups: AudienceGroup[], stepMs: number): Breach[] {
  const scopes = [
    'all',
    ...new Set(groups.map((g) => `title:${g.title}`)),
    ...new Set(groups.map((g) => `cdn:${g.cdn}`)),
  ];
  const signals: { signal: Breach['signal']; scope: string; breached: (f: ModelFrame) => boolean }[] = [
    {
      signal: 'login',
      scope: 'all',
      breached: (f) => f.loginAttempts > 0 && f.loginFailureRatio > 1 - s.slo.loginSuccessRatio,
    },
    ...scopes.map((scope) => ({
      signal: 'segments' as const,
      scope,
      breached: (f: ModelFrame) => segmentErrorRatio(f, groups, scope) > s.slo.segmentErrorRatio,
    })),
  ];
  const breaches: Breach[] = [];
  for (const { signal, scope, breached } of signals) {
    let open: Breach | undefined;
    for (const f of frames) {
      if (breached(f)) {
        if (open) open.to = f.t + stepMs;
        else open = { signal, scope, from: f.t, to: f.t + stepMs };
      } else if (open) {
        breaches.push(open);
        open = undefined;
      }
    }
    if (open) breaches.push(open);
  }
  return breaches;
}
