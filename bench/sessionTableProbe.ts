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
let slices = 0;
while (state.sessions.size > 0) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const stopAt = start + MAX_SLICE_MS;
  state.sessions.sweep(Number.MAX_SAFE_INTEGER, 200_000, () => performance.now() >= stopAt);
  longestSliceMs = Math.max(longestSliceMs, performance.now() - start);
  const used = process.cpuUsage(cpu);
  longestSliceCpuMs = Math.max(longestSliceCpuMs, (used.user + used.system) / 1000);
  slices++;
}
// `ids` is read here so that it stays alive (and out of the figure) until the table has been measured.
console.log(JSON.stringify({ bytesPerSession, longestSliceMs, longestSliceCpuMs, slices, ids: ids.length }));
