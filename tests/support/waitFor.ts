// Polls a probe until it yields a value, so a test waits for a state rather than for a fixed time.
import { setTimeout as sleep } from 'node:timers/promises';

/** The probe's first defined answer (a throwing probe counts as "not yet"); fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}
