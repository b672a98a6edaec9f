import type { Breach } from './breachWindows';
import { windowScope } from './breachWindows';
import type { FailureWindow } from './scenarioSchema';

/**
 * Compares breaches (from the model, or measured in Prometheus) with a scenario's failure truth:
 * every window must see a breach of its own signal and scope, and every breach must fall inside a
 * window of its signal (a CDN's breach inside a window of that CDN or of the whole platform), give or
 * take `toleranceMs`.
 */
export interface TruthReport {
  missed: FailureWindow[];
  unexpected: Breach[];
}

export function compareWithTruth(windows: FailureWindow[], breaches: Breach[], toleranceMs: number): TruthReport {
  const missed = windows.filter(
    (w) =>
      !breaches.some(
        (b) =>
          b.signal === w.signal &&
          b.scope === windowScope(w) &&
          b.from < w.to + toleranceMs &&
          b.to > w.from - toleranceMs
      )
  );
  const unexpected = breaches.filter(
    (b) =>
      !windows.some(
        (w) =>
          w.signal === b.signal &&
          (!b.scope.startsWith('cdn:') || windowScope(w) === b.scope || windowScope(w) === 'all') &&
          b.from >= w.from - toleranceMs &&
          b.to <= w.to + toleranceMs
      )
  );
  return { missed, unexpected };
}
