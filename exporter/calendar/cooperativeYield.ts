/**
 * Long parses hand the event loop back every few milliseconds, so a reload of a large calendar never
 * holds up ingestion for more than one slice (the bench measures the longest slice).
 */
export interface Yielder {
  /** Resolves at once while the slice has time left, else after one turn of the event loop. */
  maybeYield(): Promise<void>;
}

export function createYielder(sliceMs = 3): Yielder {
  let sliceStart = performance.now();
  return {
    async maybeYield() {
      if (performance.now() - sliceStart < sliceMs) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    },
  };
}

/** For pure callers (the CLI) that do not need to share the loop. */
export const NEVER_YIELD: Yielder = { maybeYield: async () => undefined };
