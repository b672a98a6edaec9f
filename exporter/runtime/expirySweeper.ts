import type { SessionTable } from '../state/sessionTable';

const TICK_MS = 50;
/** A slice this size takes well under a millisecond, so expiry never blocks ingestion. */
const MAX_SLOTS_PER_TICK = 100_000;

/**
 * Walks the session table in slices, one slice per tick, completing a pass every `passMs` (or as fast
 * as the slice cap allows), so a session leaves at most about `passMs` after its TTL.
 */
export function startExpirySweeper(table: SessionTable, passMs: number, now: () => number = Date.now): () => void {
  const ticksPerPass = Math.max(1, Math.floor(passMs / TICK_MS));
  const timer = setInterval(() => {
    const slots = Math.min(MAX_SLOTS_PER_TICK, Math.ceil(table.span / ticksPerPass) + 1);
    table.sweep(now(), slots);
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
