import type { PublishedForecast } from '../data/publishedForecast';
import { objectivePercent, percent } from './format';
import { shortDuration } from './tMinus';

/** The live readings a reason may quote, and the objectives the status rule used. */
export interface LiveReadings {
  loginSuccess?: number;
  segmentErrors?: number;
  objectives: { loginSuccess: number; segmentErrors: number };
}

/** "viewers", "logins", "segments", "oca-na segments" (a CDN's segment capacity). */
export function resourceName(resource: string): string {
  const cdn = /^segments:(.+)$/.exec(resource);
  return cdn ? `${cdn[1]} segments` : resource;
}

/**
 * Why an event has its status, in words, from what the exporter published: the binding resource or SLO,
 * its live value against the objective, or when the forecast crosses its capacity (counting down).
 * Examples: "logins 74.8% < 99% SLO", "oca-na segments saturate in 12m 04s", "viewers headroom 35%".
 */
export function statusReason(
  f: Pick<PublishedForecast, 'status' | 'binding' | 'headroom' | 'saturation'>,
  live: LiveReadings,
  clock: number
): string {
  const binding = f.binding;
  if (!binding) {
    return 'no capacity or SLO published for it';
  }
  if (binding === 'slo:login_success') {
    const v = live.loginSuccess;
    return `logins ${v === undefined ? 'below' : percent(v)} < ${objectivePercent(live.objectives.loginSuccess)} SLO`;
  }
  if (binding === 'slo:segment_errors') {
    const v = live.segmentErrors;
    return `segment errors ${v === undefined ? 'above' : percent(v, 2)} > ${objectivePercent(live.objectives.segmentErrors)} SLO`;
  }
  const name = resourceName(binding);
  // Red reads the P50 crossing, amber the P90 one: the band the rule itself used.
  const order = f.status === 'amber' ? ['p90', 'p50'] : ['p50', 'p90'];
  const crossing = order
    .map((band) => f.saturation.find((s) => s.resource === binding && s.band === band))
    .find((s) => s !== undefined);
  if (crossing && f.status !== 'green') {
    return crossing.at <= clock
      ? `${name} at capacity (${crossing.band.toUpperCase()})`
      : `${name} saturate in ${shortDuration(crossing.at - clock)}${crossing.band === 'p90' ? ' (P90)' : ''}`;
  }
  const headroom = f.headroom[binding];
  return headroom === undefined ? `${name} set the status` : `${name} headroom ${percent(headroom, 0)}`;
}
