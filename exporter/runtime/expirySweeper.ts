import type { SessionTable } from '../state/sessionTable';

const TICK_MS = 50;
/** Checking a live slot costs nanoseconds; removing one costs a Map delete, so slices are also time-boxed. */
const MAX_SLOTS_PER_TICK = 200_000;
export const MAX_SLICE_MS = 4;

/**
 * Walks the session table in slices, one slice per tick, completing a pass every `passMs` (or as fast
 * as the slice cap allows), so a session leaves at most about `passMs` after its TTL.
 */
export function startExpirySweeper(table: SessionTable, passMs: number, now: () => number = Date.now): () => void {
  const ticksPerPass = Math.max(1, Math.floor(passMs / TICK_MS));
  const timer = setInterval(() => {
    const slots = Math.min(MAX_SLOTS_PER_TICK, Math.ceil(table.span / ticksPerPass) + 1);
    const stopAt = performance.now() + MAX_SLICE_MS;
    table.sweep(now(), slots, () => performance.now() >= stopAt);
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
