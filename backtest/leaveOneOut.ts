import { deriveLibrary, type TemplateLibrary } from '../core/forecast';
import { runBacktest, toObserved, type BacktestOptions, type BacktestReport, type LoadedEvent } from './runner';

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
        lib = deriveLibrary((pool ?? all).filter((e) => e.event.label !== item.event.label).map(toObserved));
        cache.set(item.event.label, lib);
      }
      return lib;
    },
  });
}
