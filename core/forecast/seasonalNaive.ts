import type { Point } from './types';
import { valueAt } from './series';

export const DAY_MS = 86_400_000;

/** Seasonal naive: the value one season (a day) earlier, or the last value when the history is shorter. */
export function fitSeasonalNaive(
  history: readonly Point[],
  now: number,
  seasonMs = DAY_MS,
  /** Only the first `end` points are read (a prefix, as at a past origin). */
  end = history.length
): ((t: number) => number) | undefined {
  const last = end > 0 ? history[end - 1] : undefined;
  if (!last) return undefined;
  return (t) => {
    // Step back whole seasons until the instant is in the observed past.
    let back = t - seasonMs;
    while (back > now) back -= seasonMs;
    return valueAt(history, back, end) ?? last.v;
  };
}
