// Where `launchday serve`'s CPU goes under autocannon (UUID NDJSON batches of 500): a V8 CPU profile of
// the server, summed by function (self time), with the server's own CPU seconds per million events.
// node --import tsx bench/ingestProfile.ts [seconds] [mixed|heartbeats]
// `heartbeats`: bench:peers' workload (heartbeat lines only, one per session in turn). Only the samples
// of the timed run's last `seconds` are summed (start-up, tsx's compiling, is left out).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ndjsonRequests, scrapeValue } from './exporterLoad';
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

async function main() {
  const seconds = Number(process.argv[2] ?? 10);
  const heartbeatsOnly = process.argv[3] === 'heartbeats';
  const ids = sessionIds(heartbeatsOnly ? 1_000_000 : 200_000);
  const bodies = heartbeatsOnly
    ? Array.from({ length: ids.length / BATCH_SIZE }, (_, b) =>
        ids
          .slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE)
          .map((sid, i) => heartbeatLine(b * BATCH_SIZE + i, sid))
          .join('\n')
      )
    : Array.from({ length: 400 }, (_, b) => batchBody(b, ids));
  const dir = mkdtempSync(join(tmpdir(), 'launchday-profile-'));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(
    configFile,
    stringify({ ...benchConfig, maxSessions: 2 * ids.length, logLevel: 'warn', ingest: { lagBudgetMs: 10_000 } })
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      'bin/launchday.cjs',
      'serve',
      '--listen',
      `127.0.0.1:${port}`,
      '--config',
      configFile,
    ],
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
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  );
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
