import { Counter, type Metric, type Registry } from 'prom-client';
import type { CounterFamily } from '../state/counterFamily';
import type { TelemetryState } from '../state/telemetryState';

/**
 * The telemetry metrics. Values live in the state and are read at scrape time through `collect()`;
 * nothing on the ingestion path touches prom-client.
 */
export function registerTelemetryMetrics(
  registry: Registry,
  state: TelemetryState,
  /** `false` renders the viewer series through prom-client's own label formatting (the reference). */
  preRendered = true
): void {
  const viewersName = 'launchday_concurrent_viewers';
  viewGauge(
    registry,
    viewersName,
    'Weighted sessions whose last heartbeat within the TTL was playing or buffering.',
    () => state.viewerCounts().map(({ labels, viewers }) => ({ labels, value: viewers })),
    preRendered ? preRenderedViewers(state, viewersName) : undefined
  );
  viewGauge(
    registry,
    'launchday_rebuffering_viewers',
    'Weighted sessions whose last report was buffering or rebuffering.',
    () => [...state.viewersByTitle()].map(([title, { rebuffering }]) => ({ labels: { title }, value: rebuffering }))
  );

  new Counter({
    name: 'launchday_sessions_started_total',
    help: 'Sessions admitted to the session table by a heartbeat (new, or back after an end).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(state.sessions.started);
    },
  });
  counterFrom(registry, 'launchday_login_attempts_total', 'Login attempts reported.', state.loginAttempts);
  counterFrom(
    registry,
    'launchday_login_failures_total',
    'Login attempts that failed, by reason.',
    state.loginFailures
  );
  counterFrom(
    registry,
    'launchday_segment_requests_total',
    'Media-segment requests reported, successful or not.',
    state.segmentRequests
  );
  counterFrom(
    registry,
    'launchday_segment_failures_total',
    'Media-segment requests that failed, by status class (504 apart: the saturation signal).',
    state.segmentFailures
  );
}

function counterFrom(registry: Registry, name: string, help: string, family: CounterFamily): void {
  new Counter({
    name,
    help,
    labelNames: [...family.labelNames],
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, value } of family.entries()) this.inc(labels, value);
    },
  });
}

type Sample = { labels: object; value: number };

/**
 * A gauge whose samples are read from the state at scrape time and handed to the registry as they are.
 * Hand-written instead of a prom-client Gauge on a measured hot path: `set()` hashes and validates the
 * labels of every series on every scrape, half the render time at 50k viewer series.
 */
function viewGauge(
  registry: Registry,
  name: string,
  help: string,
  samples: () => Sample[],
  textSamples?: () => PreRendered[]
): void {
  const metric = {
    name,
    help,
    type: 'gauge',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'gauge', aggregator: 'sum', values: samples() }),
    // The text format asks for this first (OpenMetrics' view reads get(), so it keeps the labels).
    ...(textSamples && {
      getForPromString: async () => ({ name, help, type: 'gauge', aggregator: 'sum', values: textSamples() }),
    }),
    reset: () => undefined,
  };
  registry.registerMetric(metric as unknown as Metric);
}

/** A sample whose `metricName` is already written text ending in `name{labels}` (nothing left to format). */
type PreRendered = { metricName: string; value: number };

/**
 * The viewer series for the text format with each label set's `name{...}` escaped once and kept (label
 * sets are append-only ids), instead of prom-client building and escaping every label of every series on
 * every scrape (Object.entries, two regex replaces per value, an object and joins per sample): that
 * formatting was most of the render. prom-client still writes the HELP/TYPE lines and assembles the file;
 * the output is the same bytes (telemetryCollectors.test.ts compares it with prom-client's own rendering).
 * Measured (bench/ingestRenderProbe.ts, same run, median CPU, load 6-7 on 2 cores): 10k series 31.7 ->
 * 11.1 ms, 50k series 278 -> 55 ms; with viewersByTitle read from the counts too, 8.7 and 38 ms.
 */
function preRenderedViewers(state: TelemetryState, name: string): () => PreRendered[] {
  const prefixes: string[] = [];
  return () => {
    const { viewers } = state.sessions.counts(Date.now());
    const sets = state.viewerLabels;
    const n = sets.size;
    if (n === 0) return [];
    // Every line but the last is written here; the last line's name is handed over for prom-client to
    // finish (`name{...} value`), so its per-sample loop runs once, not once per series.
    let text = '';
    for (let id = 0; id < n; id++) {
      let prefix = prefixes[id];
      if (prefix === undefined) {
        const { title, cdn, region, device } = sets.labelsOf(id);
        prefix = `${name}{title="${escapeLabel(title)}",cdn="${escapeLabel(cdn)}",region="${escapeLabel(region)}",device="${escapeLabel(device)}"}`;
        prefixes[id] = prefix;
      }
      text += id === n - 1 ? prefix : `${prefix} ${valueText(viewers[id] ?? 0)}\n`;
    }
    return [{ metricName: text, value: viewers[n - 1] ?? 0 }];
  };
}

/** prom-client's value text: NaN is `Nan`, infinities `+Inf`/`-Inf`, other numbers as JavaScript writes them. */
const valueText = (v: number): string =>
  Number.isNaN(v) ? 'Nan' : Number.isFinite(v) ? `${v}` : v < 0 ? '-Inf' : '+Inf';

/** The text format's label-value escaping: backslash, newline and double quote. */
const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
