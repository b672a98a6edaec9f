// npm run bench:forecast — the forecast targets of issue #11, measured side by side in one run: the
// time of one forecast refresh for 500 events (printed first, on a fresh heap), then the backtest on
// ../shared/data/launch-spikes (when present), leave-one-out over the project's own events list
// (backtest/events/launch-spikes.csv), one table per class with the baselines side by side.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { Registry } from 'prom-client';
import pino from 'pino';
import { median, quantile } from '../core/forecast';
import type { CalendarEvent, EventKind } from '../core/calendar/event';
import { readEventsFile } from '../backtest/eventsFile';
import { parseTimeZoneRules } from '../backtest/timeZoneRules';
import { EVENT_CLASSES, ORIGINS, type BacktestReport, type EventClass } from '../backtest/runner';
import { leaveOneOut } from '../backtest/leaveOneOut';
import { PROJECT_EVENTS, PROJECT_EVENTS_NAME } from '../backtest/derivationEvents';
import { formatTable } from '../backtest/output';
import { createForecastService } from '../exporter/forecast';

const dir = join(__dirname, '..', '..', 'shared', 'data', 'launch-spikes');
const tz = parseTimeZoneRules(['osrs_*=America/Los_Angeles']);
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

async function refreshTiming(): Promise<void> {
  const TITLES = 500;
  const STEP = 15_000;
  const T0 = Date.UTC(2026, 10, 22, 20);
  const kinds: EventKind[] = ['premiere', 'episode', 'live', 'rebroadcast'];
  // Half the titles are live (started 20 min ago), half start within the next day.
  const events: CalendarEvent[] = Array.from({ length: TITLES }, (_, i) => {
    const start = i % 2 ? T0 - 20 * 60_000 : T0 + (i % 24) * 3_600_000;
    return {
      id: `ev-${i}`,
      title: `title-${i}`,
      kind: kinds[i % 4] as EventKind,
      start,
      end: start + 3 * 3_600_000,
      timeZone: 'UTC',
    };
  });
  let clock = T0 - 26 * 3_600_000;
  const level = (i: number, t: number) =>
    1000 + (i % 50) * 100 * (1 + 0.2 * Math.sin(t / 3_600_000 + i)) * (i % 2 && t > T0 - 20 * 60_000 ? 1.5 : 1);
  const service = createForecastService({
    registry: new Registry(),
    logger: pino({ level: 'silent' }),
    sample: () => {
      const byTitle = new Map<string, number>();
      let total = 0;
      for (let i = 0; i < TITLES; i++) {
        const v = level(i, clock);
        byTitle.set(`title-${i}`, v);
        total += v;
      }
      return {
        viewersByTitle: byTitle,
        totalViewers: total,
        loginAttempts: clock / 1000,
        loginFailures: 0,
        segmentRequests: clock / 10,
        segmentFailures: 0,
      };
    },
    events: () => events,
    capacity: () => ({ viewers: 5_000_000, logins: 1000, segments: 100_000 }),
    now: () => clock,
    maxTitles: 1000,
  });
  for (; clock <= T0; clock += STEP) service.sampleOnce();
  for (let i = 0; i < 5; i++) await service.refreshOnce(); // warm-up (JIT)
  // Collect the set-up's garbage (a day of samples) now, so it is not billed to the refreshes.
  (globalThis as { gc?: () => void }).gc?.();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < Number(process.env.REFRESH_RUNS ?? 40); i++) {
    // As in service: two new samples (15 s apart) between refreshes (30 s apart), not timed.
    for (let k = 0; k < 2; k++) {
      clock += STEP;
      service.sampleOnce();
    }
    const t = performance.now();
    const c = process.cpuUsage();
    await service.refreshOnce();
    const used = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  const snap = service.snapshot();
  console.log(`\n== refresh: ${TITLES} titles, ${events.length} events, each fed 26 h of samples 15 s apart ==`);
  row(
    'one refresh for 500 titles <= 20 ms (wall clock)',
    `median ${fmt(median(times), 1)} ms, p90 ${fmt(quantile(times, 0.9), 1)} ms`,
    median(times) <= 20
  );
  // CPU time is less disturbed by other processes on a shared machine (GC threads count too).
  row(
    '  the same, process CPU time',
    `median ${fmt(median(cpu), 1)} ms, p90 ${fmt(quantile(cpu, 0.9), 1)} ms`,
    undefined
  );
  console.log(
    `(load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores)`
  );
  console.log(
    `(${snap.forecasts.length} events forecast, ${snap.forecasts.reduce((a, f) => a + f.headroom.length, 0)} headroom ratios, ${snap.forecasts.reduce((a, f) => a + f.saturation.length, 0)} saturation instants)`
  );
}

// Refresh timing first, on a fresh heap; then the backtests (skipped with --refresh-only).
refreshTiming()
  .then(() => {
    if (!process.argv.includes('--refresh-only')) backtests();
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
