/**
 * npm run bench:peers — the exporter beside the peer teams build by hand, in one run on the same
 * events: Debian's redis-server with a sorted set per title and one ZADD per heartbeat (pipelined,
 * ioredis, no HTTP and no parsing on its side), and the exporter over HTTP (NDJSON batches of 500).
 * Each server is pinned to the same core with taskset, one after the other, while the load comes from
 * this process on the other core. Prints events/s per core, bytes per session, p99 and the ratios.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ndjsonRequests, scrapeValue } from './exporterLoad';
import Redis from 'ioredis';
import { stringify } from 'yaml';
import { sessionTableBytes } from '../exporter/state/sessionTable';
import { freePort } from '../tests/support/freePort';
import { waitForHttp } from '../tests/support/waitForHttp';
import { BATCH_SIZE, TITLES, benchConfig, heartbeatLine, sessionIds } from './ingestWorkload';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const SERVER_CORE = process.env.BENCH_CORE ?? '1';
const LOAD_CORE = SERVER_CORE === '0' ? '1' : '0';
const IN_FLIGHT = 8;

interface PeerFigures {
  eventsPerSecond: number;
  bytesPerSession: number;
  p99Ms: number;
}

const pinned = (cmd: string, args: string[]): ChildProcess =>
  spawn('taskset', ['-c', SERVER_CORE, cmd, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

/** One ZADD per heartbeat into the title's sorted set (score: the time), 500 to a pipeline, 8 in flight. */
async function redisPeer(ids: string[]): Promise<PeerFigures> {
  const port = await freePort();
  const server = pinned('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no']);
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableAutoPipelining: false });
  redis.on('error', () => undefined); // refused connections while redis-server starts are retried below
  try {
    for (let i = 0; i < 50; i++) {
      try {
        await redis.connect();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const pipeline = (from: number, score: number) => {
      const p = redis.pipeline();
      for (let i = 0; i < BATCH_SIZE; i++) {
        const n = (from + i) % ids.length;
        p.zadd(`viewers:${TITLES[n % TITLES.length]}`, score, ids[n]!);
      }
      return p.exec();
    };
    const before = await usedMemory();
    for (let from = 0; from < ids.length; from += BATCH_SIZE * IN_FLIGHT) {
      await Promise.all(Array.from({ length: IN_FLIGHT }, (_, k) => pipeline(from + k * BATCH_SIZE, 1)));
    }
    const bytesPerSession = ((await usedMemory()) - before) / ids.length;
    const latencies: number[] = [];
    let events = 0;
    let next = 0;
    const endAt = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < endAt) {
        const start = performance.now();
        const from = next;
        next += BATCH_SIZE;
        await pipeline(from, Date.now());
        latencies.push(performance.now() - start);
        events += BATCH_SIZE;
      }
    };
    const began = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const elapsed = (performance.now() - began) / 1000;
    latencies.sort((a, b) => a - b);
    return { eventsPerSecond: events / elapsed, bytesPerSession, p99Ms: percentile(latencies, 0.99) };
  } finally {
    redis.disconnect();
    await stop(server);
  }
}

/** The exporter over HTTP on the same heartbeats: loaded once, then autocannon for the timed run. */
async function exporterPeer(
  ids: string[]
): Promise<PeerFigures & { rssPerSession: number; tableBytesPerSession: number }> {
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
  const child = pinned(process.execPath, [
    'bin/launchday.cjs',
    'serve',
    '--listen',
    `127.0.0.1:${port}`,
    '--config',
    configFile,
  ]);
  try {
    await waitForHttp(`${url}/readyz`, 30_000, () => child.exitCode === null);
    const rssBefore = await scrapeValue(url, 'process_resident_memory_bytes');
    const requests = ndjsonRequests(bodies);

    await autocannon({ url: `${url}/v1/events`, connections: IN_FLIGHT, amount: bodies.length, requests });
    const tracked = await scrapeValue(url, 'launchday_sessions_tracked');
    const rssPerSession = ((await scrapeValue(url, 'process_resident_memory_bytes')) - rssBefore) / tracked;
    const result = await autocannon({ url: `${url}/v1/events`, connections: IN_FLIGHT, duration: seconds, requests });
    if (result.non2xx > 0) console.log(`note: ${result.non2xx} non-2xx answers from the exporter`);
    return {
      eventsPerSecond: (result.requests.total * BATCH_SIZE) / seconds,
      p99Ms: result.latency.p99,
      bytesPerSession: rssPerSession,
      rssPerSession,
      tableBytesPerSession: sessionTableBytes(maxSessions) / tracked,
    };
  } finally {
    await stop(child);
  }
}

async function main() {
  // The load generator keeps to the other core, so each server has its core to itself.
  spawn('taskset', ['-cp', LOAD_CORE, String(process.pid)], { stdio: 'ignore' });
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `bench:peers — ${SESSIONS.toLocaleString()} UUID sessions, ${TITLES.length} titles, batches of ${BATCH_SIZE}, ${seconds}s each, servers on core ${SERVER_CORE}; load average ${load()}`
  );
  const ids = sessionIds(SESSIONS);
  const redis = await redisPeer(ids);
  const exporter = await exporterPeer(ids);
  const row = (name: string, r: number, e: number, unit: string) =>
    console.log(`${name.padEnd(28)} ${r.toFixed(1).padStart(12)} ${e.toFixed(1).padStart(12)}   ${unit}`);
  console.log(`\n${''.padEnd(28)} ${'redis ZADD'.padStart(12)} ${'exporter'.padStart(12)}`);
  row('events/s per core (k)', redis.eventsPerSecond / 1000, exporter.eventsPerSecond / 1000, 'k events/s');
  row(
    'bytes per session',
    redis.bytesPerSession,
    exporter.bytesPerSession,
    'B (redis used_memory, exporter RSS growth)'
  );
  row('p99 per 500 events', redis.p99Ms, exporter.p99Ms, 'ms');
  console.log(`exporter session table, counted whole: ${exporter.tableBytesPerSession.toFixed(1)} B/session`);
  const ratio = exporter.eventsPerSecond / redis.eventsPerSecond;
  console.log(
    `\nexporter / redis events/s: ${ratio.toFixed(2)}x (target >= 3x, first step 2.5x) ${ratio >= 3 ? 'ok' : ratio >= 2.5 ? 'first step' : 'MISS'}`
  );
  console.log(`redis / exporter bytes per session: ${(redis.bytesPerSession / exporter.bytesPerSession).toFixed(2)}x`);
  console.log(
    `p99 per 500-event request: ${exporter.p99Ms} ms (target < 20 ms) ${exporter.p99Ms < 20 ? 'ok' : 'MISS'}`
  );
  console.log(`load average at the end ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
