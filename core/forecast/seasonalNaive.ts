import type { Point } from './types';
import { valueAt } from './series';

export const DAY_MS = 86_400_000;

/** Seasonal naive: the value one season (a day) earlier, or the last value when the history is shorter. */
export function fitSeasonalNaive(
  history: readonly Point[],
  now: number,
  seasonMs = DAY_MS
): ((t: number) => number) | undefined {
  const last = history[history.length - 1];
  if (!last) return undefined;
  return (t) => {
    // Step back whole seasons until the instant is in the observed past.
    let back = t - seasonMs;
    while (back > now) back -= seasonMs;
    return valueAt(history, back) ?? last.v;
  };
}
