// Where `launchday serve`'s CPU goes under autocannon (UUID NDJSON batches of 500): a V8 CPU profile of
// the server, summed by function (self time), with the server's own CPU seconds per million events.
// node --import tsx bench/ingestProfile.ts [seconds] [mixed|heartbeats]   (the server pinned to core 1)
// `heartbeats`: bench:peers' workload (heartbeat lines only, one per session in turn). Only the samples
// of the timed run's last `seconds` are summed (start-up, tsx's compiling, is left out).
//
// node --import tsx bench/ingestProfile.ts ab <other work tree> [seconds] [rounds] [mixed]
// A/B on a shared machine: this tree's exporter and the other tree's (a `git archive` of a base commit
// with node_modules linked will do), both pinned to core 1 AT THE SAME TIME and loaded at once with
// bench:peers' heartbeats, so whatever else the machine runs hits both alike; prints each one's events
// per server CPU-second and p99 per round, and their ratio. The server started second reads ~10%
// better in either order here: run both orders and take the geometric mean. `mixed`: bench:ingest's
// workload (segment results and logins among the heartbeats) instead of heartbeats alone.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ndjsonRequests, scrapeValue, serveArgs } from './exporterLoad';
import { stringify } from 'yaml';
import { BATCH_SIZE, batchBody, benchConfig, heartbeatLine, sessionIds } from './ingestWorkload';
import { freePort } from '../tests/support/freePort';
import { waitForHttp } from '../tests/support/waitForHttp';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const heartbeatBodies = (ids: string[]) =>
  Array.from({ length: ids.length / BATCH_SIZE }, (_, b) =>
    ids
      .slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE)
      .map((sid, i) => heartbeatLine(b * BATCH_SIZE + i, sid))
      .join('\n')
  );

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * AB_THIS_FLAGS / AB_OTHER_FLAGS (space-separated): node flags for this tree's or the other's server
 * instead of the shipped ones, to A/B V8 flags on one tree (`ab . ...`).
 */
const flagsFrom = (name: string) => {
  const value = process.env[name];
  return value === undefined ? undefined : value.split(' ').filter((f) => f !== '');
};

async function startServer(root: string, configFile: string, bodies: string[], flags?: readonly string[]) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [process.execPath, ...serveArgs(port, configFile, flags)];
  const child = spawn('taskset', ['-c', '1', ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  await waitForHttp(`${url}/readyz`, 30_000, () => child.exitCode === null);
  await autocannon({
    url: `${url}/v1/events`,
    connections: 8,
    amount: bodies.length,
    requests: ndjsonRequests(bodies),
  });
  return { root, url, child };
}

async function ab(other: string, seconds: number, rounds: number, mixed: boolean) {
  spawn('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
  const ids = sessionIds(1_000_000);
  const bodies = mixed
    ? Array.from({ length: ids.length / BATCH_SIZE }, (_, b) => batchBody(b, ids))
    : heartbeatBodies(ids);
  const dir = mkdtempSync(join(tmpdir(), 'launchday-ab-'));
  const configFile = join(dir, 'config.yaml');
  const config = { ...benchConfig, maxSessions: ids.length, sessionTtlSeconds: 600, logLevel: 'warn' };
  writeFileSync(configFile, stringify({ ...config, ingest: { lagBudgetMs: 10_000 } }));
  const servers = [
    await startServer(process.cwd(), configFile, bodies, flagsFrom('AB_THIS_FLAGS')),
    await startServer(other, configFile, bodies, flagsFrom('AB_OTHER_FLAGS')),
  ];
  console.log(
    `flags: this ${process.env.AB_THIS_FLAGS ?? '(shipped)'}, other ${process.env.AB_OTHER_FLAGS ?? '(shipped)'}`
  );
  try {
    for (let round = 0; round < rounds; round++) {
      const cpu = () => Promise.all(servers.map((s) => scrapeValue(s.url, 'process_cpu_seconds_total')));
      const before = await cpu();
      const results = await Promise.all(
        servers.map((s) =>
          autocannon({ url: `${s.url}/v1/events`, connections: 8, duration: seconds, requests: ndjsonRequests(bodies) })
        )
      );
      const after = await cpu();
      const rates = results.map((r, k) => (r.requests.total * BATCH_SIZE) / (after[k]! - before[k]!));
      servers.forEach((s, k) =>
        console.log(
          `round ${round} ${s.root}: ${(rates[k]! / 1000).toFixed(1)}k events per server CPU-second, p99 ${results[k]!.latency.p99} ms, non-2xx ${results[k]!.non2xx}`
        )
      );
      console.log(`round ${round} this / other: ${(rates[0]! / rates[1]!).toFixed(3)}, load average ${load()}`);
    }
  } finally {
    for (const s of servers) {
      const exited = new Promise((resolve) => s.child.once('exit', resolve));
      s.child.kill('SIGTERM');
      await exited;
    }
  }
}

async function main() {
  if (process.argv[2] === 'ab')
    return ab(
      process.argv[3]!,
      Number(process.argv[4] ?? 10),
      Number(process.argv[5] ?? 2),
      process.argv[6] === 'mixed'
    );
  const seconds = Number(process.argv[2] ?? 10);
  const heartbeatsOnly = process.argv[3] === 'heartbeats';
  const ids = sessionIds(heartbeatsOnly ? 1_000_000 : 200_000);
  const bodies = heartbeatsOnly ? heartbeatBodies(ids) : Array.from({ length: 400 }, (_, b) => batchBody(b, ids));
  const dir = mkdtempSync(join(tmpdir(), 'launchday-profile-'));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(
    configFile,
    stringify({ ...benchConfig, maxSessions: 2 * ids.length, logLevel: 'warn', ingest: { lagBudgetMs: 10_000 } })
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Pinned as bench:peers runs it (the server on core 1, this process on core 0): unpinned, the load
  // generator preempted the server on its core, and the wall-clock samples charged the wait to
  // whatever the server was in (writev read 20% of the samples).
  spawn('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
  const child = spawn(
    'taskset',
    ['-c', '1', process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, ...serveArgs(port, configFile)],
    { stdio: 'inherit' }
  );
  await waitForHttp(`${url}/readyz`, 30_000, () => child.exitCode === null);
  // A first pass loads the table (and compiles the hot path); only the timed run is summed.
  await autocannon({
    url: `${url}/v1/events`,
    connections: 8,
    amount: bodies.length,
    requests: ndjsonRequests(bodies),
  });
  const cpuBefore = await scrapeValue(url, 'process_cpu_seconds_total');
  const result = await autocannon({
    url: `${url}/v1/events`,
    connections: 8,
    duration: seconds,
    requests: ndjsonRequests(bodies),
  });
  const cpu = (await scrapeValue(url, 'process_cpu_seconds_total')) - cpuBefore;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  const events = result.requests.total * BATCH_SIZE;
  console.log(`load average ${load()}`);
  console.log(
    `${events} events in ${seconds}s, ${(events / seconds / 1000).toFixed(1)}k/s wall, server CPU ${cpu.toFixed(2)} s = ${(events / cpu / 1000).toFixed(1)}k events per CPU-second, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`
  );
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return console.log('no profile written');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  const times: number[] = [];
  let t = 0;
  for (const dt of profile.timeDeltas) times.push((t += dt));
  const from = t - seconds * 1e6; // the timed run and the stop
  profile.samples.forEach((id, i) => {
    if (times[i]! < from) return;
    const f = byNode.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules\/)?/, '')}:${f.lineNumber + 1}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}

void main();
