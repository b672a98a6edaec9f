/**
 * A preload for the exporter's process (`--require tsx/cjs --require stallProfiler.ts`, set by the soak's
 * `--profile`): an in-thread V8 CPU profile (1 ms samples), a 10 ms stall probe and the GC pauses
 * (PerformanceObserver), written to `STALL_PROFILE_OUT` when the process gets SIGUSR2. Each stall also
 * carries the main thread's own scheduler counts (/proc/self/task/<pid>/schedstat: time on a CPU and
 * time runnable but waiting for one), so a stall where the loop was runnable but the thread did not run
 * (preempted by the load generator, the GC's helper threads or other processes) is told apart from
 * one where it ran JavaScript or GC. Every clock is CLOCK_MONOTONIC in µs (process.hrtime, V8's
 * profile timestamps), so the three line up.
 */
import { subscribe } from 'node:diagnostics_channel';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const out = process.env.STALL_PROFILE_OUT;
const PROBE_MS = 10;
/** Lateness past which a probe tick is recorded as a stall (the soak names those over 30 ms). */
const NOTED_MS = 20;

export interface Stall {
  /** CLOCK_MONOTONIC µs: the probe tick before the stall, and the late one that ended it. */
  fromUs: number;
  toUs: number;
  lateMs: number;
  /** The main thread's time on a CPU and runnable-but-waiting over the same span (schedstat), ms. */
  ranMs: number;
  waitedMs: number;
  /** HTTP requests begun within it: a pass of the loop over many requests reads as one stall. */
  requests: number;
}
export interface GcPause {
  fromUs: number;
  ms: number;
  /** perf_hooks' NODE_PERFORMANCE_GC_* kind: 1 minor (scavenge), 2 major (mark-compact), 4 incremental, 8 weak callbacks. */
  kind: number;
}
export interface StallProfileFile {
  profile: unknown;
  stalls: Stall[];
  gcs: GcPause[];
  /** When the first HTTP request began (µs): stalls before it are the start-up's module loading. */
  firstRequestUs: number;
  /** CPU seconds per thread name (/proc/self/task/<tid>/stat) since the process began: who else runs. */
  threads: Record<string, number>;
}

/** CPU seconds per thread name, summed over threads of one name (V8's workers, libuv's pool). */
function threadCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = tid === String(process.pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + (Number(f[11]) + Number(f[12])) / 100; // utime, stime in ticks
    }
  } catch {
    // no /proc: no breakdown
  }
  return out;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const schedstatPath = `/proc/self/task/${process.pid}/schedstat`;
/** [on CPU, runnable and waiting] in ns for the main thread; zeros where /proc has no schedstat. */
function sched(): [number, number] {
  try {
    const [run, wait] = readFileSync(schedstatPath, 'utf8').split(' ');
    return [Number(run), Number(wait)];
  } catch {
    return [0, 0];
  }
}

if (out) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');

  const stalls: Stall[] = [];
  const gcs: GcPause[] = [];
  // performance.now() is CLOCK_MONOTONIC from timeOrigin: one offset turns GC entries into hrtime µs.
  const perfToUs = nowUs() - performance.now() * 1000;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      gcs.push({ fromUs: Math.round(perfToUs + e.startTime * 1000), ms: e.duration, kind });
    }
  }).observe({ entryTypes: ['gc'] });

  let firstRequestUs = 0;
  let requests = 0;
  const onRequest = () => {
    firstRequestUs ||= nowUs();
    requests++;
  };
  subscribe('http.server.request.start', onRequest);

  let last = nowUs();
  let lastSched = sched();
  const probe = setInterval(() => {
    const now = nowUs();
    const s = sched();
    const lateMs = (now - last) / 1000 - PROBE_MS;
    if (lateMs > NOTED_MS)
      stalls.push({
        fromUs: last,
        toUs: now,
        lateMs,
        ranMs: (s[0] - lastSched[0]) / 1e6,
        waitedMs: (s[1] - lastSched[1]) / 1e6,
        requests,
      });
    requests = 0;
    last = now;
    lastSched = s;
  }, PROBE_MS);
  probe.unref();

  process.on('SIGUSR2', () => {
    clearInterval(probe);
    session.post('Profiler.stop', (err, result) => {
      const file: StallProfileFile = {
        profile: err ? null : result.profile,
        stalls,
        gcs,
        firstRequestUs,
        threads: threadCpu(),
      };
      writeFileSync(`${out}.tmp`, JSON.stringify(file));
      renameSync(`${out}.tmp`, out);
    });
  });
}
