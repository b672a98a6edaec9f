// Reads everything one event's review shows from Prometheus (and Alertmanager, when given). What cannot be
// read is not guessed: it goes into `missing` with the reason, and the report prints it.
import { PrometheusUnreachable, type PrometheusApi, type Sample, type Series } from './prometheusApi';
import { intervalsWhere, minutesOf, peakOf, relativeError, transitions, type Interval } from './figures';

export interface ReviewEvent {
  id: string;
  title: string;
  start: number;
  end: number;
  kind?: string;
  expectedPeak?: number;
  /** Times are printed in it (default UTC). */
  timeZone?: string;
}

export const FORECAST_INSTANTS = [
  { label: 'T-24h', offsetMs: -24 * 3_600_000 },
  { label: 'T-1h', offsetMs: -3_600_000 },
  { label: 'T0', offsetMs: 0 },
  { label: 'T+15m', offsetMs: 15 * 60_000 },
  { label: 'T+30m', offsetMs: 30 * 60_000 },
] as const;

export interface ForecastReading {
  label: string;
  at: number;
  bands?: { p10: number; p50: number; p90: number };
  /** (P50 − actual peak) / actual peak. */
  error?: number;
  inBand?: boolean;
  missing?: string;
}

export interface ResourceReading {
  resource: string;
  used: Sample[];
  peakUsed?: Sample;
  minutesWithin10: number;
}

export interface SloReading {
  slo: 'login_success' | 'segment_errors';
  /** `all`, or the label the ratio is split by, e.g. `region=fr`. */
  scope: string;
  objective: number;
  values: Sample[];
  breaches: Interval[];
  minutesOver: number;
}

export interface AlertReading {
  name: string;
  labels: Record<string, string>;
  firing: Interval[];
}

export interface TimelineEntry {
  t: number;
  what: string;
}

export interface ReviewData {
  event: ReviewEvent;
  from: number;
  to: number;
  stepSeconds: number;
  prometheusUrl: string;
  generatedAt: number;
  audience: Sample[];
  peak?: Sample;
  forecasts: ForecastReading[];
  resources: ResourceReading[];
  slos: SloReading[];
  alerts: AlertReading[];
  statuses: { t: number; state: string }[];
  statusSamples: Map<string, Sample[]>;
  alertmanager?: { name: string; state: string; startsAt: string; endsAt?: string }[];
  timeline: TimelineEntry[];
  missing: string[];
  unreachable?: string;
}

export interface CollectOptions {
  prometheus: PrometheusApi;
  alertmanagerUrl?: string;
  event: ReviewEvent;
  /** Read from this long before the start and after the end (failures often outlast the event). */
  beforeMs?: number;
  afterMs?: number;
  stepSeconds?: number;
  now?: number;
  onProgress?: (message: string) => void;
}

const DEFAULT_OBJECTIVES = { login_success: 0.95, segment_errors: 0.02 } as const;
const quote = (s: string) => JSON.stringify(s);

const retentionMs = (text: string | undefined): number | undefined => {
  const m = /^(\d+)([smhdwy])$/.exec(text ?? '');
  if (!m) return undefined;
  const unit = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8, y: 3.1536e10 }[m[2] as 's'];
  return Number(m[1]) * unit;
};

const labelText = (labels: Record<string, string>, drop: string[] = []) =>
  Object.entries(labels)
    .filter(([k]) => !drop.includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

export async function collectReview(opts: CollectOptions): Promise<ReviewData> {
  const { prometheus, event } = opts;
  const step = opts.stepSeconds ?? 60;
  const stepMs = step * 1000;
  const now = opts.now ?? Date.now();
  const from = Math.floor((event.start - (opts.beforeMs ?? 3_600_000)) / stepMs) * stepMs;
  const to = Math.min(now, Math.ceil((event.end + (opts.afterMs ?? 2 * 3_600_000)) / stepMs) * stepMs);
  const progress = opts.onProgress ?? (() => {});
  const data: ReviewData = {
    event,
    from,
    to,
    stepSeconds: step,
    prometheusUrl: prometheus.url,
    generatedAt: now,
    audience: [],
    forecasts: [],
    resources: [],
    slos: [],
    alerts: [],
    statuses: [],
    statusSamples: new Map(),
    timeline: [],
    missing: [],
  };
  try {
    await readAll(data, opts, { from, to, step, stepMs, now, progress });
  } catch (error) {
    if (!(error instanceof PrometheusUnreachable)) throw error;
    data.unreachable = error.message;
    data.missing.push(`${error.message}: nothing could be read.`);
  }
  if (opts.alertmanagerUrl) await readAlertmanager(data, opts.alertmanagerUrl);
  data.timeline = timelineOf(data);
  return data;
}

async function readAll(
  data: ReviewData,
  opts: CollectOptions,
  w: { from: number; to: number; step: number; stepMs: number; now: number; progress: (m: string) => void }
): Promise<void> {
  const { prometheus, event } = opts;
  const range = (expr: string) => prometheus.range(expr, w.from, w.to, w.step);
  if (event.start > w.now) data.missing.push('The event has not started yet: there is nothing to review.');
  const keep = retentionMs(await prometheus.retention());
  const oldest = keep === undefined ? undefined : w.now - keep;
  w.progress('audience');
  const title = `title=${quote(event.title)}`;
  data.audience = first(await range(`sum(launchday_concurrent_viewers{${title}})`));
  // Retention is only blamed for what is absent: a backfilled replay holds old samples Prometheus still has.
  if (data.audience.length === 0)
    data.missing.push(
      oldest !== undefined && w.from < oldest
        ? `No viewers of "${event.title}": the window is outside Prometheus's retention (it keeps ${(keep! / 8.64e7).toFixed(0)} days, from ${new Date(oldest).toISOString()}).`
        : `No viewers of "${event.title}" in Prometheus over the window.`
    );
  data.peak = peakOf(data.audience.filter((p) => p.t >= event.start && p.t <= event.end + 2 * 3_600_000));

  w.progress('forecasts');
  for (const { label, offsetMs } of FORECAST_INSTANTS) {
    const at = event.start + offsetMs;
    const reading: ForecastReading = { label, at };
    if (at > w.now) reading.missing = 'not reached yet';
    else {
      const series = await prometheus.instant(`launchday_forecast_peak_viewers{event=${quote(event.id)}}`, at);
      const band = (b: string) => series.find((s) => s.labels.band === b)?.points[0]?.v;
      const [p10, p50, p90] = [band('p10'), band('p50'), band('p90')];
      if (p10 === undefined || p50 === undefined || p90 === undefined)
        reading.missing =
          oldest !== undefined && at < oldest
            ? 'outside retention'
            : 'no forecast published then (no sample within the lookback)';
      else {
        reading.bands = { p10, p50, p90 };
        if (data.peak) {
          reading.error = relativeError(p50, data.peak.v);
          reading.inBand = data.peak.v >= p10 && data.peak.v <= p90;
        }
      }
    }
    if (reading.missing) data.missing.push(`Forecast at ${label}: ${reading.missing}.`);
    data.forecasts.push(reading);
  }

  w.progress('headroom');
  const resourceExprs: [string, string][] = [
    ['viewers', 'sum(launchday_concurrent_viewers) / max(launchday_capacity_viewers > 0)'],
    ['logins', 'sum(rate(launchday_login_attempts_total[5m])) / max(launchday_capacity_logins_per_second > 0)'],
    [
      'segments',
      'sum(rate(launchday_segment_requests_total[5m])) / max(launchday_capacity_segment_requests_per_second{cdn="all"} > 0)',
    ],
  ];
  for (const [resource, expr] of resourceExprs) addResource(data, resource, first(await range(expr)), w.stepMs);
  const perCdn = await range(
    'sum by (cdn) (rate(launchday_segment_requests_total[5m])) / on (cdn) max by (cdn) (launchday_capacity_segment_requests_per_second{cdn!="all"} > 0)'
  );
  for (const s of perCdn) addResource(data, `segments:${s.labels.cdn}`, s.points, w.stepMs);
  if (data.resources.length === 0) data.missing.push('No capacity in Prometheus: headroom cannot be read.');

  w.progress('SLOs');
  const objective = async (slo: keyof typeof DEFAULT_OBJECTIVES) => {
    const got = first(
      await prometheus.instant(`max(launchday_slo_objective_ratio{slo="${slo}"})`, Math.min(w.to, event.end))
    )[0]?.v;
    if (got !== undefined) return got;
    data.missing.push(`No published ${slo} objective: the default ${DEFAULT_OBJECTIVES[slo]} is used.`);
    return DEFAULT_OBJECTIVES[slo];
  };
  const loginObjective = await objective('login_success');
  const segmentObjective = await objective('segment_errors');
  const ratio = (fails: string, total: string, by: string) =>
    `(sum${by}(rate(${fails}[5m])) or sum${by}(rate(${total}[5m])) * 0) / sum${by}(rate(${total}[5m]))`;
  for (const by of ['', 'region', 'device']) {
    const grouping = by ? ` by (${by}) ` : ' ';
    const failRatio = await range(ratio('launchday_login_failures_total', 'launchday_login_attempts_total', grouping));
    for (const s of failRatio) {
      const values = s.points.map((p) => ({ t: p.t, v: 1 - p.v }));
      addSlo(
        data,
        'login_success',
        by ? `${by}=${s.labels[by]}` : 'all',
        loginObjective,
        values,
        w.stepMs,
        (v) => v < loginObjective
      );
    }
  }
  for (const by of ['', 'cdn', 'title']) {
    const grouping = by ? ` by (${by}) ` : ' ';
    const errors = await range(ratio('launchday_segment_failures_total', 'launchday_segment_requests_total', grouping));
    for (const s of errors)
      addSlo(
        data,
        'segment_errors',
        by ? `${by}=${s.labels[by]}` : 'all',
        segmentObjective,
        s.points,
        w.stepMs,
        (v) => v > segmentObjective
      );
  }
  if (!data.slos.some((s) => s.scope === 'all'))
    data.missing.push('No login or segment traffic in Prometheus over the window.');

  w.progress('alerts and status');
  for (const s of await range('ALERTS{alertstate="firing"}')) {
    const labels = Object.fromEntries(Object.entries(s.labels).filter(([k]) => k !== 'alertstate' && k !== '__name__'));
    data.alerts.push({
      name: s.labels.alertname ?? '?',
      labels,
      firing: intervalsWhere(s.points, w.stepMs, () => true),
    });
  }
  data.alerts.sort((a, b) => (a.firing[0]?.from ?? 0) - (b.firing[0]?.from ?? 0));
  for (const s of await range(`launchday_event_status{event=${quote(event.id)}}`))
    data.statusSamples.set(s.labels.status ?? '?', s.points);
  data.statuses = transitions(data.statusSamples);
  if (data.statuses.length === 0) data.missing.push(`No published status for ${event.id} over the window.`);
}

const first = (series: Series[]): Sample[] => series[0]?.points ?? [];

function addResource(data: ReviewData, resource: string, used: Sample[], stepMs: number): void {
  if (used.length === 0) return;
  data.resources.push({
    resource,
    used,
    peakUsed: peakOf(used),
    minutesWithin10: minutesOf(intervalsWhere(used, stepMs, (v) => v >= 0.9)),
  });
}

function addSlo(
  data: ReviewData,
  slo: SloReading['slo'],
  scope: string,
  objective: number,
  values: Sample[],
  stepMs: number,
  breached: (v: number) => boolean
): void {
  if (values.length === 0) return;
  const breaches = intervalsWhere(values, stepMs, breached);
  data.slos.push({ slo, scope, objective, values, breaches, minutesOver: minutesOf(breaches) });
}

async function readAlertmanager(data: ReviewData, url: string): Promise<void> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}/api/v2/alerts`, { signal: AbortSignal.timeout(15_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const alerts = (await response.json()) as {
      labels?: Record<string, string>;
      status?: { state?: string };
      startsAt?: string;
      endsAt?: string;
    }[];
    data.alertmanager = alerts
      .filter((a) => Date.parse(a.startsAt ?? '') <= data.to)
      .map((a) => ({
        name: a.labels?.alertname ?? '?',
        state: a.status?.state ?? '?',
        startsAt: a.startsAt ?? '',
        endsAt: a.endsAt,
      }));
    data.missing.push('Alertmanager keeps no history: only the alerts it still holds are listed from it.');
  } catch (error) {
    data.missing.push(`Alertmanager unreachable at ${url}: ${(error as Error).message}.`);
  }
}

function timelineOf(data: ReviewData): TimelineEntry[] {
  const out: TimelineEntry[] = [
    { t: data.event.start, what: 'Event starts' },
    { t: data.event.end, what: 'Event ends' },
  ];
  if (data.peak) out.push({ t: data.peak.t, what: `Peak: ${Math.round(data.peak.v).toLocaleString('en-US')} viewers` });
  for (const slo of data.slos.filter((s) => s.scope === 'all'))
    for (const b of slo.breaches) {
      out.push({ t: b.from, what: `${slo.slo} SLO breached` });
      out.push({ t: b.to, what: `${slo.slo} SLO met again` });
    }
  for (const a of data.alerts)
    for (const f of a.firing) {
      // The event, title and severity are the review's own: the labels that tell firings apart remain.
      const what = `${a.name} (${labelText(a.labels, ['alertname', 'job', 'instance', 'event', 'title', 'kind', 'severity'])})`;
      out.push({ t: f.from, what: `Alert firing: ${what}` });
      if (f.to < data.to) out.push({ t: f.to, what: `Alert resolved: ${what}` });
    }
  for (const s of data.statuses) out.push({ t: s.t, what: `Status ${s.state}` });
  return out.sort((a, b) => a.t - b.t);
}
