/**
 * npm run bench:peers — the exporter beside the peer teams build by hand, in one run on the same
 * heartbeats (1M UUID sessions over 50 titles), each server pinned to the same core with taskset, both
 * loaded once and then timed in rounds (BENCH_ROUNDS, default 3, of BENCH_SECONDS, default 10, a side;
 * redis first in odd rounds, the exporter first in even ones; each round once both servers are quiet),
 * the load coming from this process on the other core. Each side is charged the CPU it used while the
 * other was timed. Every round is printed with its ratio; the verdict is the median ratio.
 *
 * Redis: Debian's redis-server, a sorted set per title, one ZADD per heartbeat (score: the time).
 * The client writes pre-encoded RESP pipelines of 500 ZADDs on 8 raw sockets, one in flight on each,
 * and only counts reply lines, so redis-server's core is the limit (its CPU use is printed). Redis
 * does no HTTP, no JSON, no validation, no label guard, no per-label-set sums and no expiry: it keeps
 * a member per session, which is all a dashboard query of that design then reads (ZCOUNT by time).
 *
 * Exporter: `launchday serve` over HTTP, autocannon posting NDJSON batches of 500 on 8 connections:
 * it parses and validates every line, applies the guard, keeps viewers per label set with expiry,
 * and answers each request with a JSON account of it.
 *
 * Printed for both, per round: events/s (wall), the server's own CPU seconds over the round (redis: INFO cpu
 * used_cpu_user + used_cpu_sys; exporter: process_cpu_seconds_total from /metrics) and events per
 * server CPU-second, its CPU use (a saturated server is near 100%), the load generator's CPU, bytes
 * per session (redis used_memory growth; exporter RSS growth), p99 per pipeline or request, and the
 * ratios of both rates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { ndjsonRequests, scrapeValue, serveArgs } from './exporterLoad';
import { RespConnection, zaddPipeline } from './respPipeline';
import { stringify } from 'yaml';
import { sessionTableBytes } from '../exporter/state/sessionTable';
import { freePort } from '../tests/support/freePort';
import { waitForHttp } from '../tests/support/waitForHttp';
import { BATCH_SIZE, TITLES, benchConfig, heartbeatLine, sessionIds } from './ingestWorkload';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
/** Timed rounds a side (each round times both, the one first alternating). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SERVER_CORE = process.env.BENCH_CORE ?? '1';
const LOAD_CORE = SERVER_CORE === '0' ? '1' : '0';
const IN_FLIGHT = 8;

interface PeerFigures {
  eventsPerSecond: number;
  events: number;
  wallSeconds: number;
  /** The server's own CPU over the timed run (redis: INFO cpu; exporter: process_cpu_seconds_total). */
  serverCpuSeconds: number;
  /** This process's CPU over the timed run: the load generator's cost. */
  clientCpuSeconds: number;
  bytesPerSession: number;
  p99Ms: number;
}

/** BENCH_EXPORTER_TREE: another work tree's exporter (a `git archive` of a base commit), for before/after. */
const EXPORTER_TREE = process.env.BENCH_EXPORTER_TREE ?? process.cwd();

const pinned = (cmd: string, args: string[], cwd = process.cwd()): ChildProcess =>
  spawn('taskset', ['-c', SERVER_CORE, cmd, ...args], { stdio: ['ignore', 'ignore', 'inherit'], cwd });

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

/** Seconds of CPU (user + system) redis-server has used, from INFO cpu. */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)![1]);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** One side of the comparison, started and loaded once, then timed in as many rounds as asked. */
interface Peer {
  /** Bytes per session after the load (redis used_memory growth; exporter RSS growth). */
  bytesPerSession: number;
  /** The server's own CPU seconds so far. */
  cpuSeconds(): Promise<number>;
  timed(): Promise<PeerFigures>;
  stop(): Promise<void>;
}

/**
 * One ZADD per heartbeat into the title's sorted set (score: the time, so every ZADD of a timed round
 * moves its member), 500 to a pipeline, one pipeline in flight on each of 8 raw sockets (as the
 * exporter gets one request in flight on each of 8 connections). ioredis only reads INFO.
 */
async function redisPeer(ids: string[]): Promise<Peer> {
  const port = await freePort();
  const server = pinned('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no']);
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableAutoPipelining: false });
  redis.on('error', () => undefined); // refused connections while redis-server starts are retried below
  const sockets: RespConnection[] = [];
  const stopAll = async () => {
    for (const socket of sockets) socket.close();
    redis.disconnect();
    await stop(server);
  };
  try {
    for (let i = 0; i < 50; i++) {
      try {
        await redis.connect();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (let i = 0; i < IN_FLIGHT; i++) sockets.push(await RespConnection.open(port));
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const key = (n: number) => `viewers:${TITLES[(n % ids.length) % TITLES.length]}`;
    const member = (n: number) => ids[n % ids.length]!;
    const send = (socket: RespConnection, from: number, score: number) =>
      socket.send(zaddPipeline(from, BATCH_SIZE, score, key, member), BATCH_SIZE);
    const before = await usedMemory();
    // Loaded at the time, as heartbeats come: loaded all at one score (1, before), the first 1M ZADDs
    // of the timed run each moved a member out of a run of 20k equal scores, which the skiplist orders
    // by member, comparing UUIDs all the way: redis's first 10 s round read 93-99k ZADDs per CPU-second
    // against 233-261k in the rounds after it (load 2-4), and the single 15 s run of before averaged both.
    for (let from = 0; from < ids.length; from += BATCH_SIZE * IN_FLIGHT)
      await Promise.all(sockets.map((socket, k) => send(socket, from + k * BATCH_SIZE, Date.now())));
    const bytesPerSession = ((await usedMemory()) - before) / ids.length;
    let next = 0; // rounds carry on through the sessions, as the exporter's shared cursor does
    const timed = async (): Promise<PeerFigures> => {
      const latencies: number[] = [];
      let events = 0;
      const cpuBefore = await redisCpuSeconds(redis);
      const clientCpuBefore = process.cpuUsage();
      const began = performance.now();
      const endAt = began + seconds * 1000;
      const worker = async (socket: RespConnection) => {
        while (performance.now() < endAt) {
          const start = performance.now();
          const from = next;
          next += BATCH_SIZE;
          await send(socket, from, Date.now());
          latencies.push(performance.now() - start);
          events += BATCH_SIZE;
        }
      };
      await Promise.all(sockets.map(worker));
      const wallSeconds = (performance.now() - began) / 1000;
      const serverCpuSeconds = (await redisCpuSeconds(redis)) - cpuBefore;
      const client = process.cpuUsage(clientCpuBefore);
      latencies.sort((a, b) => a - b);
      return {
        eventsPerSecond: events / wallSeconds,
        events,
        wallSeconds,
        serverCpuSeconds,
        clientCpuSeconds: (client.user + client.system) / 1e6,
        bytesPerSession,
        p99Ms: percentile(latencies, 0.99),
      };
    };
    return { bytesPerSession, cpuSeconds: () => redisCpuSeconds(redis), timed, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The exporter over HTTP on the same heartbeats: loaded once, then autocannon for each timed round. */
async function exporterPeer(ids: string[]): Promise<Peer & { tableBytesPerSession: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-peers-'));
  const configFile = join(dir, 'config.yaml');
  const maxSessions = ids.length;
  writeFileSync(
    configFile,
    stringify({
      ...benchConfig,
      maxSessions,
      sessionTtlSeconds: 600,
      logLevel: 'warn',
      ingest: { lagBudgetMs: 10_000 },
    })
  );
  const bodies: string[] = [];
  for (let from = 0; from < ids.length; from += BATCH_SIZE) {
    const lines: string[] = [];
    for (let i = 0; i < BATCH_SIZE && from + i < ids.length; i++) lines.push(heartbeatLine(from + i, ids[from + i]!));
    bodies.push(lines.join('\n'));
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = pinned(process.execPath, serveArgs(port, configFile), EXPORTER_TREE);
  try {
    await waitForHttp(`${url}/readyz`, 30_000, () => child.exitCode === null);
    const rssBefore = await scrapeValue(url, 'process_resident_memory_bytes');
    const requests = ndjsonRequests(bodies);

    await autocannon({ url: `${url}/v1/events`, connections: IN_FLIGHT, amount: bodies.length, requests });
    const tracked = await scrapeValue(url, 'launchday_sessions_tracked');
    const rssPerSession = ((await scrapeValue(url, 'process_resident_memory_bytes')) - rssBefore) / tracked;
    const timed = async (): Promise<PeerFigures> => {
      const cpuBefore = await scrapeValue(url, 'process_cpu_seconds_total');
      const clientCpuBefore = process.cpuUsage();
      const began = performance.now();
      const result = await autocannon({ url: `${url}/v1/events`, connections: IN_FLIGHT, duration: seconds, requests });
      const wallSeconds = (performance.now() - began) / 1000;
      const client = process.cpuUsage(clientCpuBefore);
      // The scrape itself costs the server well under a millisecond; it is counted, not subtracted.
      const serverCpuSeconds = (await scrapeValue(url, 'process_cpu_seconds_total')) - cpuBefore;
      if (result.non2xx > 0) console.log(`note: ${result.non2xx} non-2xx answers from the exporter`);
      const events = result.requests.total * BATCH_SIZE;
      return {
        eventsPerSecond: events / wallSeconds,
        events,
        wallSeconds,
        serverCpuSeconds,
        clientCpuSeconds: (client.user + client.system) / 1e6,
        p99Ms: result.latency.p99,
        bytesPerSession: rssPerSession,
      };
    };
    return {
      bytesPerSession: rssPerSession,
      tableBytesPerSession: sessionTableBytes(maxSessions) / tracked,
      cpuSeconds: () => scrapeValue(url, 'process_cpu_seconds_total'),
      timed,
      stop: () => stop(child),
    };
  } catch (err) {
    await stop(child);
    throw err;
  }
}

const bothCpu = (a: Peer, b: Peer) => Promise.all([a.cpuSeconds(), b.cpuSeconds()]);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main() {
  // The load generator keeps to the other core, so each server has its core to itself.
  spawn('taskset', ['-cp', LOAD_CORE, String(process.pid)], { stdio: 'ignore' });
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `bench:peers — ${SESSIONS.toLocaleString()} UUID sessions, ${TITLES.length} titles, batches of ${BATCH_SIZE}, ${ROUNDS} rounds of ${seconds}s a side (redis first in odd rounds, the exporter in even), servers on core ${SERVER_CORE}, exporter from ${EXPORTER_TREE}; load average ${load()}`
  );
  const ids = sessionIds(SESSIONS);
  // Both servers are started and loaded once, then timed in alternating rounds on their shared core
  // (the idle one waits in its poll), so a slow spell of the machine falls on both sides' rounds, not
  // on one side's single run: each side varied +-20% run to run, which one run a side could not tell
  // from the ratio. Every round is printed; the verdict is the median of the rounds' ratios.
  const redis = await redisPeer(ids);
  let exporter: Awaited<ReturnType<typeof exporterPeer>>;
  try {
    exporter = await exporterPeer(ids);
  } catch (err) {
    await redis.stop();
    throw err;
  }
  const perCpu = (p: PeerFigures) => p.events / p.serverCpuSeconds;
  const rounds: { redis: PeerFigures; exporter: PeerFigures; load: string }[] = [];
  // The servers share a core: each round starts once both are quiet (after its load, the exporter's V8
  // finishes marking and compacting a heap that grew to ~100 MB), at most 20 s, so that work does not
  // run beside the other's round; the order alternates (redis first in odd rounds, the exporter first in
  // even ones), and each side is charged the CPU it used while the other was timed (its background:
  // the exporter's expiry sweeps and sampling), so neither gets it free.
  const waitQuiet = async () => {
    const start = performance.now();
    let busiest = Infinity;
    for (let before = await bothCpu(redis, exporter); performance.now() - start < 20_000;) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await bothCpu(redis, exporter);
      busiest = Math.max(now[0] - before[0], now[1] - before[1]);
      before = now;
      if (busiest < 0.05) break;
    }
    const waited = ((performance.now() - start) / 1000).toFixed(0);
    return busiest < 0.05
      ? `servers quiet after ${waited} s`
      : `servers NOT quiet after ${waited} s (busiest ${busiest.toFixed(2)} CPU-s/s): timed anyway`;
  };
  const row = (name: string, r: number, e: number, unit: string, digits = 1) =>
    console.log(`${name.padEnd(34)} ${r.toFixed(digits).padStart(12)} ${e.toFixed(digits).padStart(12)}   ${unit}`);
  /** One side's timed round, and the other's CPU meanwhile. */
  const timedBeside = async (side: Peer, other: Peer) => {
    const otherBefore = await other.cpuSeconds();
    const figures = await side.timed();
    return { figures, otherIdle: (await other.cpuSeconds()) - otherBefore };
  };
  try {
    for (let k = 0; k < ROUNDS; k++) {
      const quiet = await waitQuiet();
      const redisFirst = k % 2 === 0;
      let r: PeerFigures;
      let e: PeerFigures;
      let idleRedis: number;
      let idleExporter: number;
      if (redisFirst) {
        ({ figures: r, otherIdle: idleExporter } = await timedBeside(redis, exporter));
        ({ figures: e, otherIdle: idleRedis } = await timedBeside(exporter, redis));
      } else {
        ({ figures: e, otherIdle: idleRedis } = await timedBeside(exporter, redis));
        ({ figures: r, otherIdle: idleExporter } = await timedBeside(redis, exporter));
      }
      r = { ...r, serverCpuSeconds: r.serverCpuSeconds + idleRedis };
      e = { ...e, serverCpuSeconds: e.serverCpuSeconds + idleExporter };
      rounds.push({ redis: r, exporter: e, load: load() });
      console.log(
        `\nround ${k + 1} of ${ROUNDS}, ${redisFirst ? 'redis' : 'exporter'} first (${quiet}; load average ${load()})`
      );
      console.log(`${''.padEnd(34)} ${'redis ZADD'.padStart(12)} ${'exporter'.padStart(12)}`);
      row('events/s, wall (k)', r.eventsPerSecond / 1000, e.eventsPerSecond / 1000, 'k events/s');
      row(
        'the other, idle, meanwhile',
        idleRedis,
        idleExporter,
        "s of CPU (redis during the exporter's round, and back): charged below",
        2
      );
      row('server CPU, round + idle', r.serverCpuSeconds, e.serverCpuSeconds, 's', 2);
      row(
        'server CPU use',
        (100 * r.serverCpuSeconds) / r.wallSeconds,
        (100 * e.serverCpuSeconds) / e.wallSeconds,
        '% of its core over its round (near 100: saturated)'
      );
      row('events per server CPU-second (k)', perCpu(r) / 1000, perCpu(e) / 1000, 'k events/CPU-s');
      row('load generator CPU', r.clientCpuSeconds, e.clientCpuSeconds, 's (this process)', 2);
      row('p99 per 500 events', r.p99Ms, e.p99Ms, 'ms');
      console.log(
        `round ${k + 1} exporter / redis: ${(perCpu(e) / perCpu(r)).toFixed(2)}x per server CPU-second, ${(e.eventsPerSecond / r.eventsPerSecond).toFixed(2)}x wall`
      );
    }
  } finally {
    await exporter.stop();
    await redis.stop();
  }
  const verdict = (ratio: number) => (ratio >= 3 ? 'ok' : ratio >= 2.5 ? 'first step' : 'MISS');
  const cpuRatios = rounds.map((r) => perCpu(r.exporter) / perCpu(r.redis));
  const wallRatios = rounds.map((r) => r.exporter.eventsPerSecond / r.redis.eventsPerSecond);
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  console.log(`\nover the ${ROUNDS} rounds (every round above; medians here)`);
  console.log(`${''.padEnd(34)} ${'redis ZADD'.padStart(12)} ${'exporter'.padStart(12)}`);
  row(
    'events per server CPU-second (k)',
    median(rounds.map((r) => perCpu(r.redis))) / 1000,
    median(rounds.map((r) => perCpu(r.exporter))) / 1000,
    'k events/CPU-s, median'
  );
  row(
    'events/s, wall (k)',
    median(rounds.map((r) => r.redis.eventsPerSecond)) / 1000,
    median(rounds.map((r) => r.exporter.eventsPerSecond)) / 1000,
    'k events/s, median'
  );
  row(
    'bytes per session',
    redis.bytesPerSession,
    exporter.bytesPerSession,
    'B (redis used_memory, exporter RSS growth)'
  );
  row(
    'p99 per 500 events',
    median(rounds.map((r) => r.redis.p99Ms)),
    median(rounds.map((r) => r.exporter.p99Ms)),
    'ms, median'
  );
  console.log(`exporter session table, counted whole: ${exporter.tableBytesPerSession.toFixed(1)} B/session`);
  const cpuRatio = median(cpuRatios);
  const wallRatio = median(wallRatios);
  console.log(
    `\nexporter / redis, events per server CPU-second, by round: ${list(cpuRatios)}; median ${cpuRatio.toFixed(2)}x (target >= 3x, first step 2.5x) ${verdict(cpuRatio)}`
  );
  console.log(
    `exporter / redis, events/s wall, by round: ${list(wallRatios)}; median ${wallRatio.toFixed(2)}x ${verdict(wallRatio)}`
  );
  console.log(`redis / exporter bytes per session: ${(redis.bytesPerSession / exporter.bytesPerSession).toFixed(2)}x`);
  const p99s = rounds.map((r) => r.exporter.p99Ms);
  const worstP99 = Math.max(...p99s);
  console.log(
    `exporter p99 per 500-event request, by round: ${p99s.join(', ')} ms; worst ${worstP99} ms (target < 20 ms) ${worstP99 < 20 ? 'ok' : 'MISS'}`
  );
  console.log(`load average at the end ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
