// npm run bench:forecast — the forecast targets of issue #11, measured side by side in one run: the
// time of one forecast refresh for 500 events (printed first, on a fresh heap), then the backtest on
// ../shared/data/launch-spikes (when present), leave-one-out over the project's own events list
// (backtest/events/launch-spikes.csv), one table per class with the baselines side by side.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { eventForecast, median, quantile } from '../core/forecast';
import { ForecastMemo } from '../core/forecast/forecastMemo';
import type { CalendarEvent, EventKind } from '../core/calendar/event';
import { readEventsFile } from '../backtest/eventsFile';
import { parseTimeZoneRules } from '../backtest/timeZoneRules';
import { EVENT_CLASSES, ORIGINS, type BacktestReport, type EventClass } from '../backtest/runner';
import { leaveOneOut } from '../backtest/leaveOneOut';
import { PROJECT_EVENTS, PROJECT_EVENTS_NAME } from '../backtest/derivationEvents';
import { formatTable } from '../backtest/output';

const dir = join(__dirname, '..', '..', 'shared', 'data', 'launch-spikes');
const tz = parseTimeZoneRules(['osrs_*=America/Los_Angeles']);
const MIN = 60_000;
const ORIGIN_NAMES = ORIGINS.map((o) => o.name);
const fmt = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));
const row = (target: string, measured: string, ok: boolean | undefined) =>
  console.log(`${target.padEnd(62)} ${measured.padEnd(40)} ${ok === undefined ? '-' : ok ? 'MET' : 'MISSED'}`);

/** The targets, per class: peak error (launches), band coverage and saturation (both classes). */
function targets(report: BacktestReport, cls: EventClass): void {
  const v = (method: string, origin: string, metric: string) =>
    report.results.find((r) => r.class === cls && r.method === method && r.origin === origin && r.metric === metric)
      ?.value ?? null;
  console.log(`\n== ${cls}: targets vs measured, leave-one-out (${report.eventsByClass[cls]} events) ==`);
  row('target', 'measured', undefined);
  if (cls === 'launch') {
    for (const [origin, limit] of [
      ['T+30m', 20],
      ['T+1h', 10],
    ] as const) {
      const ours = v('launchday', origin, 'peak_abs_error_pct');
      const lin = v('predict_linear', origin, 'peak_abs_error_pct');
      const holt = v('holt', origin, 'peak_abs_error_pct');
      row(`${origin} median |peak error| <= ${limit}%`, `${fmt(ours, 1)}%`, ours !== null && ours <= limit);
      row(
        `  and <= half of predict_linear and of holt`,
        `vs ${fmt(lin, 1)}% and ${fmt(holt, 1)}%`,
        ours !== null && lin !== null && holt !== null && ours <= lin / 2 && ours <= holt / 2
      );
    }
  }
  for (const origin of ORIGIN_NAMES) {
    const c = v('launchday', origin, 'coverage80');
    row(`80% band covers 70%..90% of actuals at ${origin}`, fmt(c), c !== null && c >= 0.7 && c <= 0.9);
  }
  for (const origin of ORIGIN_NAMES) {
    const p = v('launchday', origin, 'saturation_precision');
    const r = v('launchday', origin, 'saturation_recall');
    const lead = v('launchday', origin, 'saturation_lead_min');
    row(
      `saturates<30min at ${origin}: precision >= 0.9, lead >= 10 min`,
      `P ${fmt(p, 2)} R ${fmt(r, 2)} lead ${fmt(lead, 1)} min`,
      p === null ? undefined : p >= 0.9 && (lead ?? 0) >= 10
    );
  }
  const pooled = report.saturation[`${cls}|launchday`];
  if (pooled) {
    const precision = pooled.tp + pooled.fp ? pooled.tp / (pooled.tp + pooled.fp) : null;
    const lead = pooled.leadsMin.length ? median(pooled.leadsMin) : null;
    row(
      'saturates<30min, all origins pooled: P >= 0.9, lead >= 10',
      `P ${fmt(precision, 2)} (${pooled.tp}/${pooled.tp + pooled.fp}) R ${fmt(pooled.tp + pooled.fn ? pooled.tp / (pooled.tp + pooled.fn) : null, 2)} lead ${fmt(lead, 1)}`,
      precision !== null && precision >= 0.9 && (lead ?? 0) >= 10
    );
  }
}

function backtests(): void {
  if (!existsSync(dir)) {
    console.log(`no ${dir}: backtest skipped (the refresh timing above still ran)`);
    return;
  }
  // Leave-one-out on the project's own events list: each event is scored with templates and bands
  // derived from the others only, every method side by side, one table per class.
  const t = performance.now();
  const report = leaveOneOut({ dir, events: readEventsFile(PROJECT_EVENTS), tzRules: tz });
  console.log(
    `\n== backtest, leave-one-out, ${PROJECT_EVENTS_NAME} (${((performance.now() - t) / 1000).toFixed(1)} s) ==`
  );
  console.log(formatTable(report));
  for (const cls of EVENT_CLASSES) if (report.eventsByClass[cls]) targets(report, cls);
}

/**
 * One refresh as the exporter runs it: eventForecast (the one per-event function) for 500 events, 250
 * running (started 20 min ago, surging) and 250 starting within the next day, each with its title's
 * history as the exporter's rings hold it (5 h at a sample a minute, 5-minute means back to 24 h, then
 * 15-minute means back to 8 days),
 * three resources with planned capacity and two live SLOs. Two new samples between refreshes, not timed.
 */
function refreshTiming(): void {
  const EVENTS = 500;
  const T0 = Date.UTC(2026, 10, 22, 20);
  const kinds: EventKind[] = ['premiere', 'episode', 'live', 'rebroadcast'];
  const events: CalendarEvent[] = Array.from({ length: EVENTS }, (_, i) => {
    const start = i % 2 ? T0 - 20 * MIN : T0 + (i % 24) * 60 * MIN;
    return {
      id: randomUUID(),
      title: `title-${i}`,
      kind: kinds[i % 4] as EventKind,
      start,
      end: start + 3 * 60 * MIN,
      timeZone: 'UTC',
      ...(i % 5 === 0 ? { expectedPeak: 20_000 + i * 10 } : {}),
    };
  });
  const level = (i: number, t: number) => {
    const daily = 1 + 0.3 * Math.sin(((t % 86_400_000) / 86_400_000) * 2 * Math.PI + i);
    const surge = i % 2 && t > T0 - 20 * MIN ? 1 + Math.min(1, (t - (T0 - 20 * MIN)) / (60 * MIN)) : 1;
    return (1000 + (i % 50) * 200) * daily * surge;
  };
  let clock = T0;
  const histories = events.map((_, i) => {
    const h: { t: number; v: number }[] = [];
    // As a title's rings hold it: 15-minute means over 8 days, 5-minute means over the last day, then
    // a sample a minute (the forecast reads 8 days before T0 for the daily profile).
    for (let t = clock - 8 * 1440 * MIN; t < clock - 24 * 60 * MIN; t += 15 * MIN) h.push({ t, v: level(i, t) });
    for (let t = clock - 24 * 60 * MIN; t < clock - 5 * 60 * MIN; t += 5 * MIN) h.push({ t, v: level(i, t) });
    for (let t = clock - 5 * 60 * MIN; t <= clock; t += MIN) h.push({ t, v: level(i, t) });
    return h;
  });
  const capacity = (v: number) => [
    { t: T0 - 86_400_000, v },
    { t: T0 + 2 * 60 * MIN, v: v * 1.5 },
  ];
  const resources = (i: number) => [
    { resource: 'viewers', rest: 4_000_000, perViewer: 1, capacity: capacity(5_000_000) },
    { resource: 'logins', rest: 800, perViewer: 0.002 + (i % 3) * 0.001, capacity: capacity(1000) },
    { resource: 'segments', rest: 60_000, perViewer: 0.25, capacity: capacity(100_000) },
  ];
  const slos = [
    { slo: 'login_success' as const, ratio: 0.995, objective: 0.99 },
    { slo: 'segment_errors' as const, ratio: 0.004, objective: 0.01 },
  ];
  // As a refresh would with one memo kept from refresh to refresh (each event's values that did not
  // change); and, for comparison, every value recomputed (an exporter's first refresh of each event).
  const memo = new ForecastMemo();
  const refresh = (kept: ForecastMemo | undefined) =>
    events.map((event, i) =>
      eventForecast({
        event,
        now: clock,
        history: histories[i] as { t: number; v: number }[],
        resources: resources(i),
        slos,
        ...(kept ? { memo: kept } : {}),
      })
    );
  for (let i = 0; i < 3; i++) {
    refresh(memo); // warm-up (JIT), and the memo's first refresh
    refresh(undefined);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const timed = {
    memo: { wall: [] as number[], cpu: [] as number[] },
    none: { wall: [] as number[], cpu: [] as number[] },
  };
  let last: ReturnType<typeof refresh> = [];
  for (let run = 0; run < Number(process.env.REFRESH_RUNS ?? 40); run++) {
    // Two samples (15 s apart) between refreshes (30 s apart), as the exporter samples: not timed.
    for (let k = 0; k < 2; k++) {
      clock += 15_000;
      histories.forEach((h, i) => h.push({ t: clock, v: level(i, clock) }));
    }
    // Both ways at the same instant, alternating which goes first.
    for (const way of run % 2 ? (['none', 'memo'] as const) : (['memo', 'none'] as const)) {
      const t = performance.now();
      const c = process.cpuUsage();
      const out = refresh(way === 'memo' ? memo : undefined);
      const used = process.cpuUsage(c);
      timed[way].wall.push(performance.now() - t);
      timed[way].cpu.push((used.user + used.system) / 1000);
      if (way === 'memo') last = out;
    }
  }
  const ms = (xs: number[]) => `median ${fmt(median(xs), 1)} ms, p90 ${fmt(quantile(xs, 0.9), 1)} ms`;
  console.log(
    `\n== refresh: eventForecast for ${EVENTS} events (250 running, 250 within 24 h), 3 resources, 2 SLOs ==`
  );
  row('one refresh, 500 events <= 20 ms (wall clock, memo kept)', ms(timed.memo.wall), median(timed.memo.wall) <= 20);
  // CPU time is less disturbed by other processes on a shared machine (GC threads count too).
  row('  the same, process CPU time', ms(timed.memo.cpu), median(timed.memo.cpu) <= 20);
  row('  without the memo (every value recomputed), wall', ms(timed.none.wall), undefined);
  row('  without the memo, process CPU time', ms(timed.none.cpu), undefined);
  console.log(
    `(load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(
        ' '
      )} on ${cpus().length} cores; ${last.filter((f) => f.peak).length} peaks, ${last.reduce((a, f) => a + f.path.length, 0)} path points, ${last.filter((f) => f.status !== 'green').length} not green)`
  );
}

// Refresh timing first, on a fresh heap; then the backtests (skipped with --refresh-only).
refreshTiming();
if (!process.argv.includes('--refresh-only')) backtests();
