// The fuzz's exporter in its own process (spawned by httpTargets.ts): its loop, heap and GC are the
// exporter's alone, as in production, so its stalls are measured here with nothing taken out. Run in
// the fuzz's process, the client's garbage (fast-check's inputs, the bodies) was collected in the
// exporter's loop: 104-149 ms major GCs that were then subtracted from the stall figure.
//
// IPC with the parent: it sends {type: 'window'} at each target's start and end and gets back the
// window's figures (and a new window starts); {type: 'heap'} answers the heap used after a full GC.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { exporterModules } from '../../exporter/cli/modules';
import { resolveConfig } from '../../exporter/config/schema';
import { createLogger } from '../../exporter/log';
import { startExporter } from '../../exporter/serve';

export interface StallWindow {
  /** The longest stall: a late probe's lateness, capped by the CPU this process spent meanwhile (GC included). */
  maxStallMs: number;
  /** The longest garbage-collection pause (part of the stall above, shown apart). */
  maxGcMs: number;
  /** The requests that began during the longest stall's interval, to find what stalled. */
  culprits: string[];
}

export type ChildMessage =
  { type: 'listening'; url: string } | ({ type: 'window' } & StallWindow) | { type: 'heap'; mb: number };

const PROBE_MS = 10;
/** Lateness below this is scheduling noise, not a stall worth naming. */
const NOTED_MS = 20;

function stallProbe() {
  let window: StallWindow = { maxStallMs: 0, maxGcMs: 0, culprits: [] };
  let started: string[] = [];
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    if (started.length < 8) started.push(`${request.method} ${request.url?.slice(0, 120)}`);
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.maxGcMs = Math.max(window.maxGcMs, e.duration);
  }).observe({ entryTypes: ['gc'] });
  let expected = performance.now() + PROBE_MS;
  let cpu = process.cpuUsage();
  setInterval(() => {
    const now = performance.now();
    const lateness = now - expected;
    if (lateness > NOTED_MS) {
      // Capped by this process's own CPU: the client and other processes on the 2 cores are not its stall.
      const spent = process.cpuUsage(cpu);
      const ms = Math.min(lateness, (spent.user + spent.system) / 1000);
      if (ms > window.maxStallMs) window = { ...window, maxStallMs: ms, culprits: started };
    }
    started = [];
    cpu = process.cpuUsage();
    expected = now + PROBE_MS;
  }, PROBE_MS);
  return (): StallWindow => {
    const done = window;
    window = { maxStallMs: 0, maxGcMs: 0, culprits: [] };
    return done;
  };
}

async function main() {
  const token = process.argv[2];
  if (!token || !process.send) throw new Error('usage: spawned by tests/fuzz/httpTargets.ts with a token and IPC');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const takeWindow = stallProbe();
  const exporter = await startExporter(
    resolveConfig({
      listen: '127.0.0.1:0',
      logLevel: 'silent',
      heartbeatIntervalSeconds: 1,
      catalog: ['Luke Cage', 'The Boys'],
      // Shedding stays off: the fuzz sends one input after another as fast as it can, which keeps the
      // loop busy by design; the 429 paths have their own tests (exporter/http/ingestAdmission.test.ts).
      ingest: { tokens: [token], lagBudgetMs: 10_000 },
      calendar: { sources: [{ name: 'demo', demo: {} }] },
    }),
    createLogger('silent'),
    exporterModules
  );
  const send = (m: ChildMessage) => process.send!(m);
  process.on('message', (m: { type: string }) => {
    if (m.type === 'window') send({ type: 'window', ...takeWindow() });
    else if (m.type === 'heap') {
      gc();
      send({ type: 'heap', mb: process.memoryUsage().heapUsed / 2 ** 20 });
    }
  });
  // The parent gone (its run ended or crashed): shut down instead of lingering.
  process.on('disconnect', () => void exporter.shutdown().then(() => process.exit(0)));
  send({ type: 'listening', url: exporter.url });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
