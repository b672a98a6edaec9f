/**
 * `npm run bench:sim`: how many simulated viewers and events per second one simulator process
 * sustains against a local exporter (a child `launchday serve`), with the Tyson-Paul night at its
 * peak (65M viewers in 1M sampled sessions). In the same run, the floor: the same ticks generated
 * and serialised in-process without HTTP. Prints both and their ratio, and the exporters' own CPU time:
 * events per exporter CPU-second is the per-core figure docs/scaling.md sizes shards with, whatever
 * the machine's load (printed too). SIM_BENCH_SHARDS=N sends to N exporters on nginx's ring.
 */
import { spawn } from 'node:child_process';
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runSimulation } from '../simulator/run/runSimulation';
import { simulationClock } from '../simulator/run/simulationClock';
import { formatCount } from '../simulator/run/statusLine';
import { loadScenario } from '../simulator/scenario/loadScenario';
import { scenarioExporterConfig } from '../simulator/scenario/scenarioExporterConfig';
import { createTickSource } from '../simulator/sessions/tickSource';
import { createEventPoster } from '../simulator/transport/eventPoster';

const MAX_SESSIONS = Number(process.env.SIM_BENCH_SESSIONS ?? 1_000_000);
const HEARTBEAT_SECONDS = 10;
const TICK_SECONDS = 1;
const TICKS = Number(process.env.SIM_BENCH_TICKS ?? 20);
const SPEED = 60;
const SHARDS = Math.max(1, Number(process.env.SIM_BENCH_SHARDS ?? 1));
/** Linux's USER_HZ: /proc times are in these ticks. */
const CLOCK_TICKS = 100;

/** User + system CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const scenario = loadScenario('tyson-paul-live');
const root = join(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The peak hour: 20 ticks of one real second at x60 start 20 minutes before the plateau. */
function clock() {
  const c = simulationClock(scenario, { speed: SPEED, now: 0 });
  const simFrom = scenario.peak.at - 20 * 60_000;
  return { ...c, simFrom, simTo: simFrom + TICKS * TICK_SECONDS * 1000 * SPEED };
}

function floor(): { events: number; ms: number; peakViewers: number; sessions: number } {
  const c = clock();
  const source = createTickSource({
    scenario,
    seed: 1,
    simFrom: c.simFrom,
    simTo: c.simTo,
    tickSimMs: TICK_SECONDS * 1000 * SPEED,
    heartbeatEveryTicks: HEARTBEAT_SECONDS / TICK_SECONDS,
    maxSessions: MAX_SESSIONS,
  });
  const started = performance.now();
  let events = 0;
  let bytes = 0;
  let peakViewers = 0;
  let sessions = 0;
  for (let t = source.next(); t; t = source.next()) {
    for (const e of t.events) bytes += JSON.stringify(e).length;
    events += t.events.length;
    peakViewers = Math.max(peakViewers, t.status.viewers);
    sessions = Math.max(sessions, t.status.sessions);
  }
  if (bytes === 0) throw new Error('nothing generated');
  return { events, ms: performance.now() - started, peakViewers, sessions };
}

async function overHttp(
  url: string
): Promise<{ events: number; ms: number; accepted: number; rejected: number; throttled: number }> {
  const poster = createEventPoster({ target: url, concurrency: 4 });
  const summary = await runSimulation({
    scenario,
    seed: 1,
    clock: clock(),
    tickSeconds: TICK_SECONDS,
    heartbeatIntervalSeconds: HEARTBEAT_SECONDS,
    maxSessions: MAX_SESSIONS,
    send: (lines) => poster.send(lines),
    paced: false,
  });
  return { events: summary.events, ms: summary.elapsedMs, ...poster.stats };
}

async function startExporter(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const configFile = join(dir, `exporter-${port}.yaml`);
  writeFileSync(
    configFile,
    stringify({
      ...scenarioExporterConfig(scenario, { listen: `127.0.0.1:${port}`, heartbeatIntervalSeconds: HEARTBEAT_SECONDS }),
      maxSessions: 2_000_000,
      logLevel: 'error',
    })
  );
  const child = spawn(process.execPath, [join(root, 'bin', 'launchday.cjs'), 'serve', '--config', configFile], {
    cwd: root,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-sim-bench-'));
  const exporters: Array<{ url: string; child: ChildProcess }> = [];
  try {
    for (let i = 0; i < SHARDS; i++) exporters.push(await startExporter(dir));
    const url = exporters.map((e) => e.url).join(',');
    console.log(
      `bench:sim  tyson-paul-live peak hour, ${TICKS} ticks of ${TICK_SECONDS}s at x${SPEED}, max ${formatCount(MAX_SESSIONS)} sessions, heartbeat ${HEARTBEAT_SECONDS}s`
    );
    const f = floor();
    const cpuBefore = exporters.map((e) => cpuSeconds(e.child));
    const h = await overHttp(url);
    const cpu = exporters.map((e, i) => cpuSeconds(e.child) - cpuBefore[i]!);
    const cpuTotal = cpu.reduce((a, b) => a + b, 0);
    const floorRate = f.events / (f.ms / 1000);
    const httpRate = h.events / (h.ms / 1000);
    // Each session sends a heartbeat and a segment result per heartbeat interval; logins come on top.
    const perSession = f.events / (f.sessions * (TICKS / (HEARTBEAT_SECONDS / TICK_SECONDS)));
    const sessionsSustained = (httpRate * HEARTBEAT_SECONDS) / perSession;
    const weight = f.peakViewers / Math.max(1, f.sessions);
    console.log(
      `  simulated viewers at peak     ${formatCount(f.peakViewers)} in ${formatCount(f.sessions)} sessions (weight ${Math.round(weight)})`
    );
    console.log(
      `  floor (generate + serialise)  ${formatCount(f.events)} events in ${(f.ms / 1000).toFixed(2)} s = ${formatCount(floorRate)} events/s`
    );
    console.log(
      `  over HTTP to the exporter     ${formatCount(h.events)} events in ${(h.ms / 1000).toFixed(2)} s = ${formatCount(httpRate)} events/s (accepted ${h.accepted}, rejected ${h.rejected}, 429s ${h.throttled})`
    );
    console.log(`  ratio HTTP / floor            ${(httpRate / floorRate).toFixed(2)}`);
    console.log(
      `  exporter CPU                  ${cpu.map((c) => c.toFixed(2)).join(' + ')} s over ${SHARDS} shard(s) = ${formatCount(h.accepted / Math.max(0.01, cpuTotal))} events per exporter CPU-second`
    );
    console.log(
      `  load average (1, 5, 15 min)   ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} on this machine during the run`
    );
    console.log(
      `  real-time capacity            ${formatCount(sessionsSustained)} sessions at a ${HEARTBEAT_SECONDS}s heartbeat = ${formatCount(sessionsSustained * weight)} simulated viewers`
    );
  } finally {
    for (const e of exporters) e.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
