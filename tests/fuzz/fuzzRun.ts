// Runs every fuzz target on its share of the input budget with one seed, watching the event loop
// (no stall over 100 ms) and the heap (bounded after GC), then compares the client's tally with the
// exporter's counters. Findings are sentences; an empty list is a clean run.
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { httpTargets, type ClientTally } from './httpTargets';
import { parserTargets, type FuzzTarget } from './parserTargets';

export const STALL_MS = 100;
export const HEAP_GROWTH_MB = 128;

export interface TargetFigures {
  name: string;
  inputs: number;
  ms: number;
  /**
   * The longest stall: for the HTTP targets the exporter's own, measured in its process with its GC
   * counted; for the parser targets this process's, with GC pauses taken out (see ownStallProbe).
   */
  maxStallMs: number;
  /** Whether the stall was measured in the exporter's own process. */
  inExporter: boolean;
  /** The longest garbage-collection pause during the target (in the exporter's process for HTTP targets). */
  maxGcMs: number;
  /** For the HTTP targets: the requests that began in the longest stall's interval. */
  culprits: string[];
  /** The slowest input, to find what stalled. */
  slowestMs: number;
  slowest?: string;
  finding?: string;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  ms: number;
  targets: TargetFigures[];
  heapStartMb: number;
  heapEndMb: number;
  /** The exporter process's heap after GC, when the HTTP targets ran. */
  exporterHeap?: { startMb: number; endMb: number };
  statuses: ClientTally['byStatus'];
  findings: string[];
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/**
 * For the parser targets, which run in this process (they are pure functions). The HTTP targets'
 * exporter runs in its own process and measures its stalls there, GC included (exporterChild.ts).
 *
 * The longest stall of this process's own making: a late probe's lateness, capped by the CPU the process
 * spent meanwhile (as the exporter's load shedding reads it), so other test files sharing the cores do
 * not read as stalls of the parser under test. Garbage-collection pauses inside a late interval are
 * taken out and reported apart: the heap is mostly the fuzz's own (fast-check's inputs, the client's
 * bodies, a state table per state-file input), and with seed 14 every stall over 100 ms was a major GC
 * (mark-compact, 104-149 ms on a 108 MB heap, load average 7) while one input alone costs at most
 * ~20 ms (the 50,000-zero JSON array: 16 ms of CPU, client and server together).
 */
function ownStallProbe(everyMs = 10) {
  const late: { from: number; to: number; ms: number }[] = [];
  const pauses: { from: number; to: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ from: e.startTime, to: e.startTime + e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let expected = performance.now() + everyMs;
  let cpu = process.cpuUsage();
  const timer = setInterval(() => {
    const now = performance.now();
    const lateness = now - expected;
    if (lateness > 20) {
      const spent = process.cpuUsage(cpu);
      late.push({ from: expected - everyMs, to: now, ms: Math.min(lateness, (spent.user + spent.system) / 1000) });
    }
    cpu = process.cpuUsage();
    expected = now + everyMs;
  }, everyMs);
  return {
    stop: (): { maxStallMs: number; maxGcMs: number } => {
      clearInterval(timer);
      gcObserver.disconnect();
      let maxStallMs = 0;
      for (const l of late) {
        let gcMs = 0;
        for (const p of pauses) gcMs += Math.max(0, Math.min(p.to, l.to) - Math.max(p.from, l.from));
        maxStallMs = Math.max(maxStallMs, l.ms - gcMs);
      }
      const maxGcMs = pauses.reduce((m, p) => Math.max(m, p.to - p.from), 0);
      return { maxStallMs, maxGcMs };
    },
  };
}

async function runTarget(target: FuzzTarget, numRuns: number, seed: number): Promise<TargetFigures> {
  await target.setup?.();
  const started = performance.now();
  let inputs = 0;
  let slowestMs = 0;
  let slowest: string | undefined;
  const property = fc.asyncProperty(target.input, async (value) => {
    inputs++;
    const t0 = performance.now();
    await target.check(value);
    const ms = performance.now() - t0;
    // A turn of the loop between inputs, so the probe can fire between any two: a parser answering
    // synchronously (or through microtasks) would otherwise hold the loop for the whole target, the
    // probe would never run, and the target read "max stall 0 ms". A stall is then one input's own.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (ms > slowestMs) {
      slowestMs = ms;
      slowest = Buffer.isBuffer(value) ? `${value.length} bytes` : JSON.stringify(value)?.slice(0, 160);
    }
  });
  const probe = target.stalls ? (await target.stalls.start(), undefined) : ownStallProbe();
  const details = await fc.check(property, { numRuns, seed, endOnFailure: true });
  const { maxStallMs, maxGcMs, culprits } = probe ? { ...probe.stop(), culprits: [] } : await target.stalls!.stop();
  const figures: TargetFigures = {
    name: target.name,
    inputs,
    ms: performance.now() - started,
    maxStallMs,
    inExporter: !probe,
    maxGcMs,
    culprits,
    slowestMs,
    ...(slowest !== undefined ? { slowest } : {}),
  };
  if (details.failed) {
    const example = JSON.stringify(details.counterexample)?.slice(0, 400);
    const error =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    figures.finding = `${target.name}: ${error.slice(0, 400)} (input ${example}; seed ${seed}, path ${details.counterexamplePath})`;
  }
  return figures;
}

export async function runFuzz(options: {
  inputs: number;
  seed: number;
  log?: (line: string) => void;
  /** Told when a target starts, so a hang shows where it is. */
  onStart?: (name: string, numRuns: number) => void;
  /** The stall bound (default STALL_MS). */
  stallMs?: number;
}): Promise<FuzzReport> {
  const stallMs = options.stallMs ?? STALL_MS;
  const http = httpTargets();
  const targets = [...parserTargets(), ...http.targets];
  const weights = targets.reduce((sum, t) => sum + t.weight, 0);
  const heapStartMb = heapMb();
  const started = performance.now();
  const figures: TargetFigures[] = [];
  for (const target of targets) {
    const numRuns = Math.max(20, Math.round((options.inputs * target.weight) / weights));
    options.onStart?.(target.name, numRuns);
    const f = await runTarget(target, numRuns, options.seed);
    figures.push(f);
    options.log?.(
      `${f.name.padEnd(58)} ${String(f.inputs).padStart(8)} inputs ${(f.ms / 1000).toFixed(1).padStart(7)} s  max stall ${f.maxStallMs.toFixed(0).padStart(4)} ms ${f.inExporter ? 'in the exporter, GC in' : 'GC out'} (longest GC ${f.maxGcMs.toFixed(0).padStart(3)} ms)${f.finding ? '  FINDING' : ''}`
    );
  }
  const findings = figures.flatMap((f) => (f.finding ? [f.finding] : []));
  for (const f of figures)
    if (f.maxStallMs > stallMs)
      findings.push(
        `${f.name}: the ${f.inExporter ? "exporter's " : ''}event loop stalled ${f.maxStallMs.toFixed(0)} ms (over ${stallMs} ms)${f.culprits.length ? ` during ${f.culprits.join(', ')}` : ''}; slowest input ${f.slowestMs.toFixed(0)} ms: ${f.slowest}`
      );
  findings.push(...(await http.compareCounters()));
  const exporterHeap = await http.exporterHeap();
  if (exporterHeap && exporterHeap.endMb - exporterHeap.startMb > HEAP_GROWTH_MB)
    findings.push(
      `the exporter's heap grew ${(exporterHeap.endMb - exporterHeap.startMb).toFixed(0)} MB over the run (after GC; bound ${HEAP_GROWTH_MB} MB)`
    );
  for (const target of targets) await target.teardown?.();
  const heapEndMb = heapMb();
  if (heapEndMb - heapStartMb > HEAP_GROWTH_MB)
    findings.push(
      `heap grew ${(heapEndMb - heapStartMb).toFixed(0)} MB over the run (after GC; bound ${HEAP_GROWTH_MB} MB)`
    );
  return {
    seed: options.seed,
    inputs: figures.reduce((n, f) => n + f.inputs, 0),
    ms: performance.now() - started,
    targets: figures,
    heapStartMb,
    heapEndMb,
    ...(exporterHeap ? { exporterHeap } : {}),
    statuses: http.tally.byStatus,
    findings,
  };
}
