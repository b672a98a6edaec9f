// A seed scenario replayed on its own simulated clock for the review: the simulator drives the real
// exporter at `speed`, and every `scrapeSimSeconds` of simulated time this file scrapes /metrics and keeps the
// exposition with the SIMULATED instant as its timestamp (what a Prometheus scraping the real night would
// have stored). promtool backfills that into a TSDB, then the provisioned recording rules with
// `promtool tsdb create-blocks-from rules`, and the provisioned alert rules are evaluated over that history
// by Prometheus (each rule's expr as a range query at the evaluation interval) with their real `for:`,
// the firing ALERTS series backfilled in turn. A Prometheus on that TSDB then answers like the real one.
import { execFileSync as exec } from 'node:child_process';
import { rmSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runSimulation } from '../simulator/run/runSimulation';
import { scenarioT0, simulationClock, type SimulationClock } from '../simulator/run/simulationClock';
import { scenarioCalendarFile, scenarioExporterConfig } from '../simulator/scenario/scenarioExporterConfig';
import type { Scenario } from '../simulator/scenario/scenarioSchema';
import { sessionWeight } from '../simulator/sessions/tickSource';
import { createEventPoster } from '../simulator/transport/eventPoster';
import { awaitReady, makeTempDir, spawnComponent } from './support/componentProcess';
import { freePort } from './support/freePort';
import type { RunningPrometheus } from './support/prometheus';
import { waitForHttp } from './support/waitForHttp';

const root = join(__dirname, '..');
/** Real seconds per tick: at x360 a tick is 18 simulated seconds, under a 30 s scrape. */
const TICK_SECONDS = 0.05;

/** promtool, with its own complaint as the error. */
function execFileSync(command: string, args: string[], _opts: { stdio: 'pipe' }): void {
  try {
    exec(command, args, { stdio: 'pipe' });
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(
      `${command} ${args.slice(0, 3).join(' ')}: ${e.stderr?.toString() ?? ''}${e.stdout?.toString().slice(-2000) ?? ''}`
    );
  }
}
const RULES = join(root, 'provisioning', 'prometheus', 'rules');

export interface ReplayOptions {
  speed: number;
  /** Simulated seconds between scrapes, also the rules' evaluation interval (provisioned: 15 s). */
  scrapeSimSeconds: number;
  /** Simulated span (default the scenario's window). */
  durationMs?: number;
  maxSessions?: number;
  log?: (m: string) => void;
}

export interface ReplayedScenario {
  scenario: Scenario;
  prometheus: RunningPrometheus;
  /** The calendar on the simulated clock (the scenario's own instants), for `launchday review --calendar`. */
  calendarFile: string;
  simFrom: number;
  simTo: number;
  scrapes: number;
  /** Firing intervals of every alert (name and labels), on the simulated clock. */
  alerts: { name: string; labels: Record<string, string>; from: number; to: number }[];
  /** Alert rules Prometheus refused to evaluate over the history, with its reason. */
  ruleErrors: string[];
  dir: string;
  /** Stops Prometheus and removes the replay's files (expositions and blocks). */
  stop(): Promise<void>;
}

/** Rewrites one exposition line: simulated timestamp, target labels, replay-clock values where needed. */
function openMetricsLine(line: string, simMs: number, clock: SimulationClock): string | undefined {
  if (!line || line.startsWith('#')) return undefined;
  const cut = line.lastIndexOf(' ');
  let series = line.slice(0, cut);
  let value = Number(line.slice(cut + 1));
  const name = series.split('{')[0]!;
  // Saturation and refresh instants are on the forecaster's model clock (origin + elapsed x timeScale), which
  // is not the scenario's: left out (so LaunchdayForecastStale cannot fire in a replay).
  if (
    name === 'launchday_forecast_saturation_timestamp_seconds' ||
    name === 'launchday_forecast_refresh_timestamp_seconds'
  )
    return undefined;
  // Wall instants the exporter publishes (calendar, refresh) map onto the simulated clock.
  if (name.endsWith('_timestamp_seconds') && value > 0) value = clock.toSim(value * 1000) / 1000;
  // Counters grow per real second; on the simulated clock their rates are 1/speed of the real ones, so
  // the rate capacities the calendar gave the exporter (scaled for real seconds) are divided alike.
  if (name === 'launchday_capacity_logins_per_second' || name === 'launchday_capacity_segment_requests_per_second')
    value /= clock.speed;
  const target = 'job="launchday",instance="replay"';
  series = series.includes('{')
    ? series.replace('{', series.endsWith('{}') ? `{${target}` : `{${target},`)
    : `${series}{${target}}`;
  return `${series} ${value} ${(simMs / 1000).toFixed(3)}`;
}

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}

const seconds = (d: string | undefined) => {
  const m = /^(\d+)([smh])$/.exec(d ?? '0s');
  return m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's'] : 0;
};

async function rangeQuery(url: string, expr: string, from: number, to: number, step: number) {
  const out: { metric: Record<string, string>; values: [number, string][] }[] = [];
  const chunk = 10_000 * step * 1000;
  for (let start = from; start <= to; start += chunk) {
    const body = new URLSearchParams({
      query: expr,
      start: String(start / 1000),
      end: String(Math.min(to, start + chunk - step * 1000) / 1000),
      step: String(step),
    });
    const answer = (await (await fetch(`${url}/api/v1/query_range`, { method: 'POST', body })).json()) as {
      status: string;
      error?: string;
      data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
    };
    if (answer.status !== 'success') throw new Error(`${expr}: ${answer.error}`);
    out.push(...answer.data.result);
  }
  return out;
}

/** Prometheus's `for:` at each evaluation: pending from the first true one, firing once `for` has passed. */
export function firingIntervals(evalTimes: number[], stepMs: number, forMs: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let activeAt: number | undefined;
  let firing: { from: number; to: number } | undefined;
  let last = -Infinity;
  for (const t of evalTimes) {
    if (t - last > 1.5 * stepMs) {
      if (firing) out.push(firing);
      firing = undefined;
      activeAt = t;
    }
    activeAt ??= t;
    if (t - activeAt >= forMs) {
      if (firing) firing.to = t + stepMs;
      else firing = { from: t, to: t + stepMs };
    }
    last = t;
  }
  if (firing) out.push(firing);
  return out;
}

/**
 * A Prometheus on the backfilled blocks. Backfilled samples carry no staleness markers, so a series the
 * exporter dropped (a binding that moved on) would linger the default 5 minutes; the lookback is cut to just
 * under one scrape interval instead: on the scrape grid each instant sees the last scrape only, which is what
 * a scraping Prometheus's staleness gives.
 */
async function restart(
  prometheus: RunningPrometheus | undefined,
  blocks: string[],
  lookbackSeconds: number
): Promise<RunningPrometheus> {
  await prometheus?.stop();
  const dir = makeTempDir('review-prometheus');
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  for (const b of blocks)
    for (const block of readdirSync(b))
      if (/^[0-9A-Z]{26}$/.test(block)) cpSync(join(b, block), join(data, block), { recursive: true });
  writeFileSync(join(dir, 'prometheus.yml'), 'global: {}\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const component = spawnComponent(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--query.lookback-delta=${lookbackSeconds}s`,
      '--log.level=warn',
    ],
    dir
  );
  await awaitReady(component, `${url}/-/ready`);
  return { ...component, url };
}

export async function replayScenario(scenario: Scenario, opts: ReplayOptions): Promise<ReplayedScenario> {
  const log = opts.log ?? (() => {});
  const dir = makeTempDir('review-replay');
  const heartbeat = 1;
  const maxSessions = opts.maxSessions ?? 3000;
  const port = await freePort();
  const calendarFile = join(dir, 'calendar.yaml');
  const t0 = scenarioT0(scenario);
  const leadWall = (t0 - scenario.window.from) / opts.speed;
  const t0Wall = Math.ceil((Date.now() + 4000 + leadWall) / 1000) * 1000;
  const clock = simulationClock(scenario, {
    speed: opts.speed,
    now: t0Wall - leadWall,
    start: t0Wall,
    ...(opts.durationMs !== undefined ? { durationMs: opts.durationMs } : {}),
  });
  const weight = sessionWeight(scenario, maxSessions);
  const mapping = { speed: opts.speed, weight, heartbeatIntervalSeconds: heartbeat };
  writeFileSync(calendarFile, stringify(scenarioCalendarFile(scenario, { ...mapping, toWall: clock.toWall })));
  const simCalendar = join(dir, 'calendar-sim.yaml');
  writeFileSync(simCalendar, stringify(scenarioCalendarFile(scenario, { ...mapping, toWall: (t) => t })));
  const config = {
    ...scenarioExporterConfig(scenario, {
      listen: `127.0.0.1:${port}`,
      heartbeatIntervalSeconds: heartbeat,
      calendarFile,
    }),
    sessionTtlSeconds: 3 * heartbeat,
    forecast: { refreshSeconds: 0.5, sampleSeconds: opts.scrapeSimSeconds / opts.speed, timeScale: opts.speed },
  };
  writeFileSync(join(dir, 'exporter.yaml'), stringify(config));
  // The exporter gets a folder of its own: stopping a component removes its folder.
  const exporter = spawnComponent(
    process.execPath,
    [join(root, 'bin', 'launchday.cjs'), 'serve', '--config', join(dir, 'exporter.yaml')],
    makeTempDir('review-exporter'),
    root
  );
  const url = `http://127.0.0.1:${port}`;
  const omFile = join(dir, 'replay.om');
  let scrapes = 0;
  try {
    await waitForHttp(`${url}/readyz`, 30_000, exporter.alive);
    const out = createWriteStream(omFile);
    // Scrapes follow the replay's progress, not the wall clock: grid point k (simFrom + k * interval, so every
    // evaluation on that grid sees exactly one scrape, see `restart`) is scraped once the ticks up to it are
    // sent, so a replay that falls behind on a loaded machine still stores the counters its clock says.
    const everyMs = opts.scrapeSimSeconds * 1000;
    let nextScrape = Math.ceil(clock.simFrom / everyMs) * everyMs;
    let sentTo = clock.simFrom;
    const scrapeDue = async () => {
      while (nextScrape <= sentTo && nextScrape <= clock.simTo) {
        const text = await (await fetch(`${url}/metrics`)).text();
        const lines = text
          .split('\n')
          .map((l) => openMetricsLine(l, nextScrape, clock))
          .filter((l): l is string => !!l);
        lines.push(`up{job="launchday",instance="replay"} 1 ${(nextScrape / 1000).toFixed(3)}`);
        out.write(`${lines.join('\n')}\n`);
        scrapes++;
        nextScrape += everyMs;
      }
    };
    const poster = createEventPoster({ target: url });
    log(`replaying ${scenario.name} at x${opts.speed}`);
    await runSimulation({
      scenario,
      seed: 1,
      clock,
      tickSeconds: TICK_SECONDS,
      heartbeatIntervalSeconds: heartbeat,
      maxSessions,
      send: async (lines) => {
        await scrapeDue();
        await poster.send(lines);
      },
      onTick: (tick) => void (sentTo = tick.simTo),
    });
    await scrapeDue();
    out.write('# EOF\n');
    await new Promise((resolve) => out.end(resolve));
    if (poster.stats.rejected) throw new Error(`the exporter rejected lines: ${poster.stats.firstErrors.join('; ')}`);
  } finally {
    await exporter.stop();
  }
  const rawBlocks = join(dir, 'raw-blocks');
  log(`backfilling ${scrapes} scrapes`);
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', omFile, rawBlocks], { stdio: 'pipe' });
  const lookback = opts.scrapeSimSeconds - 1;
  const evalSeconds = opts.scrapeSimSeconds;
  let prometheus = await restart(undefined, [rawBlocks], lookback);
  // Recording rules from the raw history (each reads raw series only, as promtool requires).
  const ruleBlocks = join(dir, 'rule-blocks');
  const start = new Date(clock.simFrom).toISOString();
  const end = new Date(clock.simTo).toISOString();
  log('backfilling recording rules');
  execFileSync(
    'promtool',
    [
      'tsdb',
      'create-blocks-from',
      'rules',
      `--start=${start}`,
      `--end=${end}`,
      `--url=${prometheus.url}`,
      `--output-dir=${ruleBlocks}`,
      `--eval-interval=${evalSeconds}s`,
      join(RULES, 'launchday-recording.yml'),
    ],
    { stdio: 'pipe' }
  );
  prometheus = await restart(prometheus, [rawBlocks, ruleBlocks], lookback);
  log('evaluating alert rules');
  const rules = (
    parse(readFileSync(join(RULES, 'launchday-alerts.yml'), 'utf8')) as { groups: { rules: AlertRule[] }[] }
  ).groups
    .flatMap((g) => g.rules)
    .filter((r) => r.alert);
  const stepMs = evalSeconds * 1000;
  const from = Math.ceil(clock.simFrom / stepMs) * stepMs;
  const ruleErrors: string[] = [];
  const alerts: ReplayedScenario['alerts'] = [];
  const alertLines: string[] = [];
  for (const rule of rules) {
    let answer: Awaited<ReturnType<typeof rangeQuery>>;
    try {
      answer = await rangeQuery(prometheus.url, rule.expr, from, clock.simTo, evalSeconds);
    } catch (error) {
      ruleErrors.push(`${rule.alert}: ${(error as Error).message.split('\n').at(-1)}`);
      continue;
    }
    for (const series of answer) {
      const labels: Record<string, string> = { ...series.metric, ...(rule.labels ?? {}), alertname: rule.alert };
      delete labels.__name__;
      for (const f of firingIntervals(
        series.values.map(([t]) => t * 1000),
        stepMs,
        seconds(rule.for) * 1000
      )) {
        alerts.push({ name: rule.alert, labels, from: f.from, to: f.to });
        const labelText = Object.entries({ ...labels, alertstate: 'firing' })
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',');
        for (let t = f.from; t < f.to; t += stepMs) alertLines.push(`ALERTS{${labelText}} 1 ${t / 1000}`);
      }
    }
  }
  if (alertLines.length) {
    // OpenMetrics wants each series' samples together and in time order.
    alertLines.sort((a, b) => {
      const [sa, sb] = [a.slice(0, a.lastIndexOf('} ') + 1), b.slice(0, b.lastIndexOf('} ') + 1)];
      return sa < sb ? -1 : sa > sb ? 1 : Number(a.split(' ').at(-1)) - Number(b.split(' ').at(-1));
    });
    const alertFile = join(dir, 'alerts.om');
    writeFileSync(alertFile, `${alertLines.join('\n')}\n# EOF\n`);
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', alertFile, join(dir, 'alert-blocks')], {
      stdio: 'pipe',
    });
    prometheus = await restart(prometheus, [rawBlocks, ruleBlocks, join(dir, 'alert-blocks')], lookback);
  }
  return {
    scenario,
    prometheus,
    calendarFile: simCalendar,
    simFrom: clock.simFrom,
    simTo: clock.simTo,
    scrapes,
    alerts,
    ruleErrors,
    dir,
    async stop() {
      await prometheus.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `launchday review` of one event of a replayed scenario, as a user runs it at the replay's end, then its
 * PDF rendered by pdftoppm at `dpi`: the page images' names in `out`.
 */
export function reviewPages(replay: ReplayedScenario, event: string, out: string, dpi: number): string[] {
  execFileSync(
    process.execPath,
    [
      join(root, 'bin', 'launchday.cjs'),
      'review',
      event,
      '--calendar',
      replay.calendarFile,
      '--prometheus',
      replay.prometheus.url,
      '--now',
      new Date(replay.simTo).toISOString(),
      '--out',
      out,
    ],
    { stdio: 'pipe' }
  );
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', join(out, 'review.pdf'), join(out, 'page')], { stdio: 'pipe' });
  return readdirSync(out).filter((f) => /^page-\d+\.png$/.test(f));
}
