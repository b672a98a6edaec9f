import { deriveLibrary, type TemplateLibrary } from '../core/forecast';
import { runBacktest, toObserved, type BacktestOptions, type BacktestReport, type LoadedEvent } from './runner';

/**
 * The library an event is scored with when it is held out: derived from `pool` without it (by label,
 * so a reloaded copy of the event is left out too).
 */
export const libraryWithout = (item: LoadedEvent, pool: readonly LoadedEvent[]): TemplateLibrary =>
  deriveLibrary(pool.filter((e) => e.event.label !== item.event.label).map(toObserved));

/**
 * The backtest with each event scored by templates and bands derived without it (leave-one-out):
 * the honest estimate for events the engine has not seen. `pool` is what the library is derived from
 * (by default the scored events themselves); the held-out event is left out of it by label.
 */
export function leaveOneOut(
  opts: Omit<BacktestOptions, 'library' | 'libraryFor'>,
  pool?: readonly LoadedEvent[]
): BacktestReport {
  const cache = new Map<string, TemplateLibrary>();
  return runBacktest({
    ...opts,
    libraryFor: (item, all) => {
      let lib = cache.get(item.event.label);
      if (!lib) {
        lib = libraryWithout(item, pool ?? all);
        cache.set(item.event.label, lib);
      }
      return lib;
    },
  });
}
