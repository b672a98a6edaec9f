// The one line a director reads: did the night hold, what broke, and did we see it coming.
import type { ReviewData } from './collect';

export function formatTime(t: number, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
}

export function verdictOf(data: ReviewData): string {
  if (data.unreachable) return `No review: ${data.unreachable}.`;
  if (data.audience.length === 0)
    return `No review: Prometheus holds no viewers of "${data.event.title}" for this event.`;
  const zone = data.event.timeZone;
  const parts: string[] = [];
  const overall = data.slos.filter((s) => s.scope === 'all' && s.minutesOver > 0);
  if (overall.length === 0) parts.push('Held: no SLO was breached');
  else
    parts.push(
      `Did not hold: ${overall
        .map(
          (s) =>
            `${s.slo === 'login_success' ? 'logins' : 'segment errors'} out of SLO for ${Math.round(s.minutesOver)} min from ${formatTime(s.breaches[0]!.from, zone)}`
        )
        .join(' and ')}`
    );
  if (data.peak) parts.push(`peak ${compact(data.peak.v)} viewers at ${formatTime(data.peak.t, zone)}`);
  const tight = [...data.resources].sort((a, b) => (b.peakUsed?.v ?? 0) - (a.peakUsed?.v ?? 0))[0];
  if (tight?.peakUsed) parts.push(`${tight.resource} reached ${Math.round(tight.peakUsed.v * 100)}% of its limit`);
  const firstBreach = overall.map((s) => s.breaches[0]!.from).sort((a, b) => a - b)[0];
  if (firstBreach !== undefined) {
    const red = data.statuses.find((s) => s.state === 'red' && s.t <= firstBreach);
    parts.push(
      red
        ? `status was red ${Math.round((firstBreach - red.t) / 60_000)} min before`
        : 'the status was not red before it'
    );
  }
  const t1h = data.forecasts.find((f) => f.label === 'T-1h');
  if (t1h?.error !== undefined) parts.push(`the T-1h forecast was ${signedPercent(t1h.error)} off the peak`);
  return `${parts.join('; ')}.`;
}

export const compact = (v: number): string =>
  v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e4 ? `${Math.round(v / 1e3)}k` : Math.round(v).toLocaleString('en-US');

export const signedPercent = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
