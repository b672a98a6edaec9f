/**
 * Run by bench:ingest in a fresh process (node --expose-gc), so neither figure carries another
 * section's garbage: bytes per tracked session at 1M sessions, and the longest expiry slice when all
 * of them expire at once (the sweeper's own slot cap and time box).
 */
import { defaultAllowLists } from '../exporter/config/schema';
import { MAX_SLICE_MS } from '../exporter/runtime/expirySweeper';
import { TelemetryState } from '../exporter/state/telemetryState';
import { TITLES } from './ingestWorkload';

const SESSIONS = 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const used = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const state = new TelemetryState({
  catalog: TITLES,
  allow: defaultAllowLists,
  sessionTtlMs: 30_000,
  maxSessions: SESSIONS,
  seriesBudget: 10_000,
});
const before = used();
for (let n = 0; n < SESSIONS; n++) {
  const sid = `sess-${n.toString(36)}`;
  state.apply({ type: 'heartbeat', sid, title: TITLES[n % TITLES.length]!, state: 'playing', weight: 1 }, 0);
}
const bytesPerSession = (used() - before) / state.sessions.size;

let longestSliceMs = 0;
let slices = 0;
while (state.sessions.size > 0) {
  const start = performance.now();
  const stopAt = start + MAX_SLICE_MS;
  state.sessions.sweep(Number.MAX_SAFE_INTEGER, 200_000, () => performance.now() >= stopAt);
  longestSliceMs = Math.max(longestSliceMs, performance.now() - start);
  slices++;
}
console.log(JSON.stringify({ bytesPerSession, longestSliceMs, slices }));
