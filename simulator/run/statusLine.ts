import type { TickStatus } from '../sessions/tickSource';

/** The live one-line status: simulated time, viewers, login success and segment errors. */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return `${Math.round(n)}`;
}

export function formatSimTime(t: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const ratio = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '  - ');

export function statusLine(
  s: TickStatus,
  timeZone: string,
  extra: { eventsPerSecond?: number; behindMs?: number } = {}
): string {
  const fields = [
    `sim ${formatSimTime(s.simTime, timeZone)}`,
    `viewers ${formatCount(s.viewers)}`,
    `login ok ${ratio(s.loginAttempts - s.loginFailures, s.loginAttempts)}`,
    `segment errors ${ratio(s.segmentFailures, s.segmentRequests)}`,
    `sessions ${formatCount(s.sessions)}`,
  ];
  if (extra.eventsPerSecond !== undefined) fields.push(`${formatCount(extra.eventsPerSecond)} ev/s`);
  if (extra.behindMs && extra.behindMs > 1000) fields.push(`behind ${(extra.behindMs / 1000).toFixed(1)}s`);
  return fields.join(' | ');
}
