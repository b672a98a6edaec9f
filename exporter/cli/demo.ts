import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { stringify } from 'yaml';
import { parseDuration } from '../../core/calendar/duration';
import { runLive } from '../../simulator/run/liveSimulation';
import { scenarioT0, simulationClock } from '../../simulator/run/simulationClock';
import { formatCount } from '../../simulator/run/statusLine';
import { loadScenario, scenarioNames } from '../../simulator/scenario/loadScenario';
import { scenarioCalendarFile, scenarioExporterConfig } from '../../simulator/scenario/scenarioExporterConfig';
import { sessionWeight } from '../../simulator/sessions/tickSource';

/**
 * `launchday demo`: the README's first command. Builds the preview page if it is missing, starts
 * the exporter (a child `launchday serve`) with the scenario's calendar moved so that its first
 * airing goes live a few minutes from now, replays the scenario against it, and prints where to
 * look. Ctrl-C stops the replay, then the exporter, then removes the temp folder.
 */
const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'launchday.cjs');

interface DemoOptions {
  scenario: string;
  speed: number;
  startsIn: string;
  listen: string;
  seed: number;
  maxSessions: number;
  build: boolean;
}

/** `--listen HOST:PORT`, the port 0 (a free one) to 65535; anything else is a usage error (exit 2). */
export const listenAddress = (value: string): string => {
  const at = value.lastIndexOf(':');
  const port = Number(value.slice(at + 1));
  if (at <= 0 || !/^\d{1,5}$/.test(value.slice(at + 1)) || port > 65_535)
    throw new InvalidArgumentError('expected HOST:PORT with a port 1-65535 (or 0 for a free port)');
  return value;
};

const duration = (value: string): string => {
  if (parseDuration(value) === undefined) throw new InvalidArgumentError('not a duration (e.g. 90s, 3m, 1h)');
  return value;
};

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
};

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'start the exporter with a calendar relative to now and replay a launch night into it, with the preview page'
    )
    .option('--scenario <name|file>', `scenario to replay (${scenarioNames().join(', ')})`, 'got-s7e7-finale-ocs')
    .option('--speed <x>', 'simulated seconds per real second', positive, 20)
    .option('--starts-in <d>', 'how long until the first airing goes live', duration, '3m')
    .option('--listen <host:port>', 'where the exporter listens (port 0: a free port)', listenAddress, '127.0.0.1:0')
    .option('--seed <n>', 'PRNG seed', (v) => Number.parseInt(v, 10), 1)
    .option('--max-sessions <n>', 'sampled sessions at most', positive, 20_000)
    .option('--no-build', 'do not build the preview page even if it is missing')
    .action(async (opts: DemoOptions) => {
      process.exitCode = await runDemo(opts);
    });
}

async function runDemo(opts: DemoOptions): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const scenario = loadScenario(opts.scenario);
  const startsIn = parseDuration(opts.startsIn);
  if (startsIn === undefined) throw new Error(`--starts-in: not a duration: "${opts.startsIn}"`);

  // Checked before anything is built or spawned: a taken port is said at once, not after a minute.
  const [host, portText] = splitHostPort(opts.listen);
  const port = Number(portText) || (await freePort(host));
  const taken = await portProblem(host, port);
  if (taken) {
    process.stderr.write(
      `launchday demo: cannot listen on ${host}:${port}: ${taken}; choose another with --listen HOST:PORT (port 0 for a free one)\n`
    );
    return 1;
  }

  const harness = join(ROOT, 'build', 'preview', 'index.html');
  if (!existsSync(harness) && opts.build) {
    const scripts =
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ??
      {};
    if (scripts['build:harness']) {
      log('launchday demo: building the preview page (npm run build:harness)...');
      const built = spawnSync('npm', ['run', '--silent', 'build:harness'], {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (built.status !== 0) log('launchday demo: the preview page did not build; metrics and the API still work.');
    }
  }

  const url = `http://${host}:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'launchday-demo-'));
  const heartbeatIntervalSeconds = 2;
  const clock = simulationClock(scenario, { speed: opts.speed, now: Date.now(), start: Date.now() + startsIn });
  const weight = sessionWeight(scenario, opts.maxSessions);
  const calendarFile = join(dir, 'calendar.yaml');
  writeFileSync(
    calendarFile,
    stringify(
      scenarioCalendarFile(scenario, { toWall: clock.toWall, speed: opts.speed, weight, heartbeatIntervalSeconds })
    )
  );
  const configFile = join(dir, 'exporter.yaml');
  writeFileSync(
    configFile,
    stringify({
      ...scenarioExporterConfig(scenario, { listen: `${host}:${port}`, heartbeatIntervalSeconds, calendarFile }),
      logLevel: 'info',
      forecast: {
        refreshSeconds: 5,
        sampleSeconds: 5,
        timeScale: opts.speed,
        historyFile: join(dir, 'event-history.json'),
      },
    })
  );

  const logFile = join(dir, 'exporter.log');
  const logFd = openSync(logFile, 'a');
  const exporter = spawn(process.execPath, [BIN, 'serve', '--config', configFile], {
    cwd: ROOT,
    stdio: ['ignore', logFd, logFd],
  });
  const exited = new Promise<number | null>((resolve) => exporter.once('exit', (code) => resolve(code)));

  const controller = new AbortController();
  let stopping = false;
  const onSignal = () => {
    if (stopping) {
      exporter.kill('SIGKILL');
      return;
    }
    stopping = true;
    process.stderr.write('\nlaunchday demo: stopping...\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    if (!(await waitReady(`${url}/readyz`, exporter, controller.signal))) {
      if (!controller.signal.aborted)
        log(`launchday demo: the exporter did not start; its log:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
      return controller.signal.aborted ? 0 : 1;
    }
    const t0 = scenarioT0(scenario);
    const first = scenario.titles
      .flatMap((t) => t.airings.map((a) => ({ title: t.title, a })))
      .find(({ a }) => a.start === t0);
    log('');
    log(`Launchday demo: replaying "${scenario.name}" (${scenario.description})`);
    // The page itself, with its data source spelled out (works whatever /preview/ redirects to).
    log(`  preview   ${url}/preview/`);
    log(`  metrics   ${url}/metrics`);
    log(`  calendar  ${url}/api/v1/calendar`);
    log(
      `  next event: ${first?.title ?? scenario.name} goes live at ${new Date(clock.toWall(t0)).toLocaleTimeString()} (in ${opts.startsIn}); replay at x${opts.speed}, one session = ${formatCount(weight)} viewers`
    );
    log(`  exporter log: ${logFile}`);
    log('  Ctrl-C stops everything.');
    log('');
    const summary = await runLive({
      scenario,
      target: url,
      speed: opts.speed,
      seed: opts.seed,
      start: clock.toWall(t0),
      maxSessions: opts.maxSessions,
      heartbeatIntervalSeconds,
      tickSeconds: 1,
      signal: controller.signal,
    });
    if (!summary.aborted) {
      log(
        `launchday demo: the scenario is over (${formatCount(summary.events)} events sent); the exporter keeps serving until Ctrl-C.`
      );
      await new Promise<void>((resolve) =>
        controller.signal.addEventListener('abort', () => resolve(), { once: true })
      );
    }
    return 0;
  } finally {
    await stopExporter(exporter, exited);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    rmSync(dir, { recursive: true, force: true });
    log('launchday demo: stopped.');
  }
}

function splitHostPort(listen: string): [string, string] {
  const at = listen.lastIndexOf(':');
  if (at <= 0) throw new Error(`--listen: expected HOST:PORT, got "${listen}"`);
  return [listen.slice(0, at), listen.slice(at + 1)];
}

/** Why the exporter could not listen there (`address already in use`...), or undefined when it could. */
function portProblem(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'EADDRINUSE' ? 'the address is already in use' : (e.code ?? e.message))
    );
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !signal.aborted && child.exitCode === null) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** SIGTERM lets the exporter finish in-flight requests and save its state; SIGKILL after 10 s. */
async function stopExporter(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
