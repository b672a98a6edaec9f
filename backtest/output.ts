import type { BacktestReport, ResultRow } from './runner';
import { EVENT_CLASSES, ORIGINS, type EventClass } from './runner';
import { METRIC_NAMES } from './metrics';
import { summarizeRolling } from './rollingStatus';

const SHORT: Record<string, string> = {
  peak_abs_error_pct: 'peak%',
  peak_time_error_min: 'peakT(min)',
  mase: 'MASE',
  wape: 'WAPE',
  coverage80: 'cov80',
  peak_coverage80: 'pkCov80',
  pinball: 'pinball',
  saturation_precision: 'satP',
  saturation_recall: 'satR',
  saturation_lead_min: 'lead(min)',
};

const CLASS_TITLE: Record<EventClass, string> = {
  launch: 'launches (premiere, episode, live, game launches and updates)',
  relogin: 're-login storms',
};

const fmt = (v: number | null) =>
  v === null ? '-' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(Math.abs(v) >= 10 ? 1 : 3);

/** One table per class (launches apart from re-logins): a row per method and origin, a column per metric. */
export function formatTable(report: BacktestReport): string {
  const byKey = new Map<string, ResultRow>();
  for (const r of report.results) byKey.set(`${r.class}|${r.method}|${r.origin}|${r.metric}`, r);
  const methods = [...new Set(report.results.map((r) => r.method))];
  const head = ['method', 'origin', ...METRIC_NAMES.map((m) => SHORT[m] ?? m)];
  const out: string[] = [];
  for (const cls of EVENT_CLASSES) {
    if (!report.eventsByClass[cls]) continue;
    const rows = [head];
    for (const method of methods) {
      for (const { name } of ORIGINS)
        rows.push([
          method,
          name,
          ...METRIC_NAMES.map((m) => fmt(byKey.get(`${cls}|${method}|${name}|${m}`)?.value ?? null)),
        ]);
    }
    const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    out.push(`${CLASS_TITLE[cls]} (${report.eventsByClass[cls]} events)`);
    for (const r of rows)
      out.push(r.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
    out.push('');
  }
  for (const cls of EVENT_CLASSES) {
    const events = (report.rolling ?? []).filter((e) => e.class === cls);
    if (!events.length) continue;
    const s = summarizeRolling(events);
    out.push(
      `${CLASS_TITLE[cls]}, saturates within 30 min at rolling origins (launchday): precision ${fmt(s.precision)} ` +
        `(${s.rightRed}/${s.red} red of ${s.claims} claims), recall ${fmt(s.recall)} (held ${fmt(s.recallHeld)}) ` +
        `of ${s.crossings} crossings, lead ${fmt(s.leadHeldMin)} min held (${fmt(s.leadFirstMin)} from the first red)`
    );
  }
  if (report.rolling) out.push('');
  const notes = [
    `${report.events} event(s) scored.`,
    ...report.skipped.map((s) => `skipped ${s.event}: ${s.reason}`),
    ...report.warnings.map((w) => `warning: ${w}`),
  ];
  return [...out, ...notes].join('\n');
}

export const formatJson = (report: BacktestReport): string => JSON.stringify({ results: report.results }, null, 2);
