import type pino from 'pino';

/**
 * The two timers: sampling and refreshing, never on a scrape. Refreshes run one after the other
 * (a slow one delays the next, never overlaps it); stop waits for the one under way.
 */
export function createScheduler(opts: {
  sampleMs: number;
  refreshMs: number;
  sample: () => void;
  refresh: () => Promise<void>;
  logger: pino.Logger;
}) {
  let timers: NodeJS.Timeout[] = [];
  let pending: Promise<void> = Promise.resolve();

  /** Queues one refresh after any under way; its own failure is returned, the queue goes on. */
  function refreshNow(): Promise<void> {
    const run = pending.then(opts.refresh);
    pending = run.catch((err) => opts.logger.error({ err }, 'forecast: refresh failed'));
    return run;
  }

  return {
    start() {
      if (timers.length) return;
      opts.sample();
      void refreshNow().catch(() => undefined);
      timers = [
        setInterval(opts.sample, opts.sampleMs),
        setInterval(() => void refreshNow().catch(() => undefined), opts.refreshMs),
      ];
      for (const timer of timers) timer.unref();
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      timers = [];
      await pending;
    },
    refreshNow,
  };
}
