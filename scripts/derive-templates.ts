// Derives the shipped launch templates and their residual bands from the real surges in
// ../shared/data/launch-spikes (or DIR) and writes core/forecast/templates.data.ts.
//   npx tsx scripts/derive-templates.ts [DIR]
// Template: per kind, the pointwise median over that kind's events of level ÷ pre-event baseline on
// a 5-minute grid from T-60m to the end of the event window. Bands: leave-one-out (each event
// forecast with a template built without it), log(actual ÷ median) quantiles 0.1/0.9 per horizon.
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ForecastKind, HorizonBand, LaunchTemplate, PastEvent, TemplateLibrary } from '../core/forecast';
import { EVENT_WINDOW_MIN, HORIZON_BUCKETS_MIN, bandPhase, median, quantile, valueAt } from '../core/forecast';
import { readEventsFile, type BacktestEvent } from '../exporter/backtest/events-file';
import { parseTimeZoneRules } from '../exporter/backtest/time-zone-rules';
import { forecastCase, loadEvents, type LoadedEvent } from '../exporter/backtest/runner';

const MIN = 60_000;
const STEP_MIN = 5;
const START_MIN = -60;
const QUANTILES: [number, number] = [0.1, 0.9];
/** Below this many residuals a kind borrows the pooled band. */
const MIN_RESIDUALS = 30;

const root = resolve(__dirname, '..');
const dir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data', 'launch-spikes'));
if (!existsSync(join(dir, 'events.csv'))) {
  console.error(`derive-templates: no events.csv in ${dir}`);
  process.exit(1);
}

// The events file, plus the YouTube live streams as "live" (no live event is in events.csv). A
// stream's T0 is 10 min after its first poll, so the first poll is its baseline.
const events: BacktestEvent[] = [...readEventsFile(join(dir, 'events.csv'))];
const ytDir = join(dir, 'youtube-live');
if (existsSync(ytDir)) {
  for (const name of readdirSync(ytDir).filter((n) => n.endsWith('.json')).sort()) {
    const start = Number(/_(\d{9,11})\.json$/.exec(name)?.[1]) * 1000;
    if (Number.isFinite(start)) events.push({ file: `youtube-live/${name}`, id: '', t0: start + 10 * MIN, kind: 'live', label: name });
  }
}
const { loaded, skipped } = loadEvents(dir, events, parseTimeZoneRules(['osrs_*=America/Los_Angeles']));
for (const s of skipped) console.error(`skipped ${s.event}: ${s.reason}`);

function ratioCurve(e: LoadedEvent): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  for (let m = START_MIN; m <= EVENT_WINDOW_MIN[e.event.kind]; m += STEP_MIN) {
    const v = valueAt(e.points, e.event.t0 + m * MIN);
    out.push(v === undefined || !e.baseline ? undefined : v / e.baseline);
  }
  return out;
}

function buildTemplate(kind: ForecastKind, members: LoadedEvent[]): LaunchTemplate | undefined {
  if (members.length === 0) return undefined;
  const curves = members.map(ratioCurve);
  const length = curves[0]?.length ?? 0;
  const ratio: number[] = [];
  let last = 1;
  for (let i = 0; i < length; i++) {
    const values = curves.map((c) => c[i]).filter((v): v is number => v !== undefined);
    last = values.length ? Math.round(median(values) * 1000) / 1000 : last;
    ratio.push(last);
  }
  const names = [...new Set(members.map((m) => m.event.file.replace(/#.*/, '')))];
  return {
    kind,
    stepMin: STEP_MIN,
    startMin: START_MIN,
    windowMin: EVENT_WINDOW_MIN[kind],
    ratio,
    source: `median of ${members.length} real event(s): ${names.join(', ')}`,
  };
}

const kinds = [...new Set(loaded.map((e) => e.event.kind))].sort();
const byKind = (kind: ForecastKind, except?: LoadedEvent) => loaded.filter((e) => e.event.kind === kind && e !== except);
const pastOf = (except: LoadedEvent): PastEvent[] =>
  loaded
    .filter((e) => e !== except && e.baseline && e.peak)
    .map((e) => ({ kind: e.event.kind, baseline: e.baseline as number, observedPeak: e.peak as number }));

const templates: TemplateLibrary['templates'] = {};
for (const kind of kinds) templates[kind] = buildTemplate(kind, byKind(kind));

// Leave-one-out residuals, by kind and horizon. Origins: the backtest's six plus every 5 min of the first hour.
const offsets = [-1440, -720, -180, -120, -60, -30, ...Array.from({ length: 13 }, (_, i) => i * 5)];
const residuals = new Map<string, { h: number; r: number }[]>();
for (const e of loaded) {
  const others = byKind(e.event.kind, e);
  // A kind with one event has nothing to leave out to: its own template is used (in-sample).
  const template = others.length ? buildTemplate(e.event.kind, others) : templates[e.event.kind];
  if (!template) continue;
  const library: TemplateLibrary = { templates: { [e.event.kind]: template }, bands: { pooled: [{ maxHorizonMin: Infinity, lo: 0, hi: 0, n: 0 }] } };
  for (const off of offsets) {
    const origin = e.event.t0 + off * MIN;
    const band = forecastCase(e, origin, 'launchday', pastOf(e), library);
    // A 5-minute grid, so a 5-second stream weighs no more than a 5-minute one.
    const median50 = band.map((b) => ({ t: b.t, v: b.p50 }));
    const first = Math.max(origin, e.event.t0);
    for (let t = first + STEP_MIN * MIN; t <= e.windowEnd; t += STEP_MIN * MIN) {
      const actual = valueAt(e.points, t);
      if (actual === undefined) continue;
      const p = { t, v: actual };
      const f = valueAt(median50, p.t);
      if (f === undefined || !(f > 0) || !(p.v > 0)) continue;
      const entry = { h: (p.t - origin) / MIN, r: Math.log(p.v / f) };
      const phase = bandPhase(origin, e.event.t0);
      for (const key of [e.event.kind + phase, 'pooled' + phase]) {
        const list = residuals.get(key);
        if (list) list.push(entry);
        else residuals.set(key, [entry]);
      }
    }
  }
}

function bandsOf(list: { h: number; r: number }[]): HorizonBand[] {
  const out: HorizonBand[] = [];
  let from = 0;
  for (const max of HORIZON_BUCKETS_MIN) {
    const rs = list.filter((x) => x.h > from && x.h <= max).map((x) => x.r);
    from = max;
    if (rs.length < 5) continue;
    const round = (x: number) => Math.round(x * 10000) / 10000;
    out.push({ maxHorizonMin: max, lo: round(quantile(rs, QUANTILES[0])), hi: round(quantile(rs, QUANTILES[1])), n: rs.length });
  }
  // Each bucket covers up to the next one's start, the last up to any horizon.
  const last = out[out.length - 1];
  if (last) last.maxHorizonMin = Infinity;
  return out;
}

const bands: TemplateLibrary['bands'] = {};
for (const key of [...residuals.keys()].sort()) {
  const list = residuals.get(key) ?? [];
  if (key.startsWith('pooled') || list.length >= MIN_RESIDUALS) bands[key] = bandsOf(list);
}

const body = JSON.stringify({ templates, bands }, (_k, v) => (v === Infinity ? 1e9 : v), 2).replace(/\n\s+(-?[\d.]+),?(?=\n)/g, (m) => m);
const file = `// Generated by scripts/derive-templates.ts from ${loaded.length} real surges in ../shared/data/launch-spikes
// (events.csv plus the YouTube live streams as "live"). Re-run it to refresh; do not edit by hand.
// Templates: pointwise median of level / pre-event baseline (5-min grid, T-60m..window end).
// Bands: leave-one-out log(actual / forecast) quantiles 0.1 and 0.9 per horizon bucket (minutes).
// No real rebroadcast curve exists in the data, so there is no rebroadcast template (it falls back to damped Holt).
import type { TemplateLibrary } from './template';

export const SHIPPED_LIBRARY: TemplateLibrary = ${compact(body)};
`;

function compact(json: string): string {
  // Keep number arrays on one line so the file stays small and reviewable.
  return json.replace(/\[\s+([-\d.,\s]+?)\s+\]/g, (_m, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`);
}

writeFileSync(join(root, 'core', 'forecast', 'templates.data.ts'), file);
for (const kind of kinds) {
  const t = templates[kind];
  console.log(`${kind}: ${t?.source}; bands ${bands[kind] ? 'own' : 'pooled'}, before T0 ${bands[`${kind}:pre`] ? 'own' : 'pooled'}, first 10 min ${bands[`${kind}:early`] ? 'own' : 'pooled'}`);
}
console.log(`wrote core/forecast/templates.data.ts (${(residuals.get('pooled') ?? []).length} residuals)`);
