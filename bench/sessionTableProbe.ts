/**
 * Run by bench:ingest in a fresh process (node --expose-gc), so neither figure carries another
 * section's garbage: bytes per tracked session at 1M sessions with UUID ids, counting everything the
 * table allocates (it is created after the first reading), and the longest expiry slice when all of
 * them expire at once (the sweeper's own row cap and time box).
 */
import { defaultAllowLists } from '../exporter/config/schema';
import { MAX_SLICE_MS } from '../exporter/runtime/expirySweeper';
import { TelemetryState } from '../exporter/state/telemetryState';
import { sessionIds, TITLES } from './ingestWorkload';

const SESSIONS = 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const used = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const ids = sessionIds(SESSIONS);
const before = used();
const state = new TelemetryState({
  catalog: TITLES,
  allow: defaultAllowLists,
  sessionTtlMs: 30_000,
  maxSessions: SESSIONS,
  seriesBudget: 10_000,
});
for (let n = 0; n < SESSIONS; n++) {
  state.apply({ type: 'heartbeat', sid: ids[n]!, title: TITLES[n % TITLES.length]!, state: 'playing', weight: 1 }, 0);
}
const bytesPerSession = (used() - before) / state.sessions.size;

let longestSliceMs = 0;
let longestSliceCpuMs = 0; // on a busy machine the wall time includes waits for the CPU; this does not
// process.cpuUsage is the whole process's: a slice's reading also holds what V8's and libuv's other
// threads ran meanwhile. A plain 5 ms busy loop reads 5.0 ms at the median but 7-11 ms in ~1.7% of 300
// tries (load ~1), so the longest of ~80 slices says more about those threads than about the sweep:
// the 95th percentile is printed beside it. (process.threadCpuUsage, the main thread's alone, is Node 23+.)
const sliceCpuMs: number[] = [];
let slices = 0;
while (state.sessions.size > 0) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const stopAt = start + MAX_SLICE_MS;
  state.sessions.sweep(Number.MAX_SAFE_INTEGER, 200_000, () => performance.now() >= stopAt);
  longestSliceMs = Math.max(longestSliceMs, performance.now() - start);
  const used = process.cpuUsage(cpu);
  longestSliceCpuMs = Math.max(longestSliceCpuMs, (used.user + used.system) / 1000);
  sliceCpuMs.push((used.user + used.system) / 1000);
  slices++;
}
// `ids` is read here so that it stays alive (and out of the figure) until the table has been measured.
sliceCpuMs.sort((a, b) => a - b);
const sliceCpuP95Ms = sliceCpuMs[Math.floor(0.95 * (sliceCpuMs.length - 1))] ?? 0;
console.log(
  JSON.stringify({ bytesPerSession, longestSliceMs, longestSliceCpuMs, sliceCpuP95Ms, slices, ids: ids.length })
);
