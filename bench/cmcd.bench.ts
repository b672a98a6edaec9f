/**
 * npm run bench:cmcd — CMCD against the JSON path, measured side by side in one run:
 *   1. in process: player reports (application/cmcd, decoded by @svta/cml-cmcd, mapped, applied) vs
 *      the same events as NDJSON through ingestBatch, per event, in batches of 100;
 *   2. over HTTP (exporter in its own process, autocannon on loopback): one report per request, as
 *      hls.js posts them, vs one JSON event per request.
 * Target: CMCD within 2x of JSON per event.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import pino from 'pino';
import { applyPlayerReports, CmcdMapping, cmcdModule, parseCmcdConfig, PlayerCounters } from '../exporter/cmcd';
import { resolveConfig } from '../exporter/config/schema';
import { telemetryLimits } from '../exporter/config/telemetryLimits';
import { ingestBatch } from '../exporter/ingest/ingestBatch';
import { IngestLedger } from '../exporter/ingest/ingestLedger';
import { startExporter } from '../exporter/serve';
import { TelemetryState } from '../exporter/state/telemetryState';
import { freePort } from '../tests/support/freePort';
import { waitForHttp } from '../tests/support/waitForHttp';

const SESSIONS = 200_000;
const BATCH = 100;
const PASSES = 3;
const TITLES = Array.from({ length: 50 }, (_, i) => `title-${String(i).padStart(2, '0')}`);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const config = { catalog: TITLES, maxSessions: 1_000_000, cmcd: { players: { device: 'web', cdn: 'akamai' } } };

/** A stable UUID per session, as players make them (crypto.randomUUID shape), without randomness. */
function sessionUuid(n: number): string {
  const hex = createHash('sha1').update(String(n)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
const SIDS = Array.from({ length: SESSIONS }, (_, n) => sessionUuid(n));

/**
 * Report n of the workload, in the shapes real players send (exporter/cmcd/realPlayerLines.fixture.ts):
 * hls.js and dash.js intervals and play states with `sta`, dash.js responses, Shaka's without `sta`.
 */
function report(n: number, ts: number): { cmcd: string; json: string[] } {
  const sid = SIDS[n % SESSIONS]!;
  const cid = TITLES[n % TITLES.length]!;
  const kind = n % 20;
  const sta = kind === 19 ? 'r' : 'p';
  const heartbeat = `{"type":"heartbeat","sid":"${sid}","title":"${cid}","state":"${sta === 'r' ? 'buffering' : 'playing'}","cdn":"akamai","device":"web","ts":${ts}}`;
  if (kind < 8) {
    return {
      cmcd: `cid="${cid}",e=t,msd=412,sf=h,sid="${sid}",sn=${n},st=v,sta=${sta},ts=${ts},v=2`, // hls.js
      json: [heartbeat],
    };
  }
  if (kind < 12) {
    return { cmcd: `cid="${cid}",e=t,sid="${sid}",sn=${n},sta=p,ts=${ts},v=2`, json: [heartbeat] }; // dash.js
  }
  if (kind < 16) {
    // Shaka (release): no sta, a watching session
    return { cmcd: `br=(231),cid="${cid}",e=t,sf=d,sid="${sid}",sn=${n},st=v,ts=${ts},v=2`, json: [heartbeat] };
  }
  if (kind < 19) {
    const rc = n % 50 === 16 ? 504 : 200;
    return {
      // dash.js e=rr: the player's own view of a response, counted apart
      cmcd: `cid="${cid}",e=rr,ot=v,rc=${rc},sid="${sid}",sn=${n},sta=p,ts=${ts},url="https://edge.example/dash/seg-0-${n}.m4s",v=2`,
      json: [heartbeat, `{"type":"segment","title":"${cid}","cdn":"akamai","status":${rc}}`],
    };
  }
  return { cmcd: `cid="${cid}",e=ps,sid="${sid}",sn=${n},sta=r,ts=${ts},v=2`, json: [heartbeat] };
}

function newState(): TelemetryState {
  return new TelemetryState(telemetryLimits(resolveConfig(config)));
}

function timed(run: () => number): { events: number; seconds: number } {
  const start = process.hrtime.bigint();
  const events = run();
  return { events, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function inProcess() {
  const start = Date.now();
  // One clock for every run, just after the reports' ts: each run applies them as fresh news.
  const clock = start + SESSIONS / BATCH;
  const cmcdBodies: string[] = [];
  const jsonBodies: string[] = [];
  let events = 0;
  for (let b = 0; b < SESSIONS / BATCH; b++) {
    const reports = Array.from({ length: BATCH }, (_, i) => report(b * BATCH + i, start + b));
    cmcdBodies.push(reports.map((r) => r.cmcd).join('\n'));
    jsonBodies.push(reports.flatMap((r) => r.json).join('\n'));
    events += reports.reduce((sum, r) => sum + r.json.length, 0);
  }
  const cmcdRun = () => {
    const state = newState();
    const ingest = {
      state,
      mapping: new CmcdMapping(parseCmcdConfig(config.cmcd)),
      ledger: new IngestLedger(),
      players: new PlayerCounters(state, 10_000),
      clockToleranceMs: 30_000,
    };
    return timed(() => {
      let applied = 0;
      for (let p = 0; p < PASSES; p++)
        for (const body of cmcdBodies) applied += applyPlayerReports(body, ingest, clock).accepted;
      return applied;
    });
  };
  const jsonRun = () => {
    const state = newState();
    const ledger = new IngestLedger();
    return timed(() => {
      let applied = 0;
      for (let p = 0; p < PASSES; p++)
        for (const body of jsonBodies) applied += ingestBatch(body, 'ndjson', state, ledger, clock).accepted;
      return applied;
    });
  };
  jsonRun(); // warm up both paths once
  cmcdRun();
  // Alternated, best of three each, so neither side gains from a quieter moment of a shared machine.
  const cmcdRuns = [];
  const jsonRuns = [];
  for (let round = 0; round < 3; round++) {
    cmcdRuns.push(cmcdRun());
    jsonRuns.push(jsonRun());
  }
  const cmcd = Math.min(...cmcdRuns.map((r) => r.seconds));
  const json = Math.min(...jsonRuns.map((r) => r.seconds));
  const reports = cmcdRuns[0]!.events;
  const totalEvents = events * PASSES;
  return {
    reportsPerSecond: reports / cmcd,
    cmcdEventsPerSecond: totalEvents / cmcd,
    jsonEventsPerSecond: totalEvents / json,
    eventsPerReport: events / SESSIONS,
  };
}

async function serveChild(): Promise<void> {
  const exporter = await startExporter(
    resolveConfig({ ...config, listen: process.argv[3], logLevel: 'silent', ingest: { lagBudgetMs: 10_000 } }),
    pino({ level: 'silent' }),
    [cmcdModule]
  );
  process.once('SIGTERM', () => void exporter.shutdown().then(() => process.exit(0)));
}

async function overHttp() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve', `127.0.0.1:${port}`], {
    stdio: 'inherit',
  });
  try {
    await waitForHttp(`${url}/readyz`, 20_000, () => child.exitCode === null);
    const one = Array.from({ length: 5000 }, (_, n) => report(n * 20, Date.now())); // interval reports: one event each
    const run = async (path: string, type: string, body: (r: { cmcd: string; json: string[] }) => string) => {
      const result = await autocannon({
        url: `${url}${path}`,
        connections: 8,
        duration: seconds,
        requests: one.map((r) => ({ method: 'POST', body: body(r), headers: { 'content-type': type } })),
      });
      if (result.non2xx) console.log(`note: ${result.non2xx} non-2xx answers on ${path}`);
      return { perSecond: result.requests.total / seconds, p99: result.latency.p99 };
    };
    const json = await run('/v1/events', 'application/x-ndjson', (r) => r.json[0]!);
    const cmcd = await run('/v1/cmcd', 'application/cmcd', (r) => r.cmcd);
    return { json, cmcd };
  } finally {
    child.kill('SIGTERM');
  }
}

function row(name: string, value: string, note = '') {
  console.log(`${name.padEnd(46)} ${value.padStart(14)}   ${note}`);
}

async function main() {
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`load average at start: ${load()}`);
  console.log(
    `bench:cmcd — ${SESSIONS.toLocaleString()} reports x ${PASSES} passes in batches of ${BATCH}; HTTP runs ${seconds}s each`
  );
  const mem = inProcess();
  const http = await overHttp();
  console.log('');
  row(
    'in process: CMCD reports decoded+applied/s',
    Math.round(mem.reportsPerSecond).toLocaleString(),
    `(${mem.eventsPerReport.toFixed(2)} events per report)`
  );
  row('in process: CMCD events/s', Math.round(mem.cmcdEventsPerSecond).toLocaleString());
  row('in process: same events as NDJSON/s', Math.round(mem.jsonEventsPerSecond).toLocaleString());
  const ratio = mem.jsonEventsPerSecond / mem.cmcdEventsPerSecond;
  row('JSON / CMCD time per event', `${ratio.toFixed(2)}x`, `target <= 2x: ${ratio <= 2 ? 'ok' : 'MISS'}`);
  row(
    'HTTP: one CMCD report per request, req/s',
    Math.round(http.cmcd.perSecond).toLocaleString(),
    `p99 ${http.cmcd.p99} ms`
  );
  row(
    'HTTP: one JSON event per request, req/s',
    Math.round(http.json.perSecond).toLocaleString(),
    `p99 ${http.json.p99} ms`
  );
  const httpRatio = http.json.perSecond / http.cmcd.perSecond;
  row('HTTP JSON / CMCD per request', `${httpRatio.toFixed(2)}x`, `target <= 2x: ${httpRatio <= 2 ? 'ok' : 'MISS'}`);
  console.log(`load average at end: ${load()}`);
}

if (process.argv[2] === '--serve') void serveChild();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
