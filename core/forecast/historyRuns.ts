/**
 * Where a history's points come from, for a memo that compares it with the history it read before
 * (ProfileMemo): the history is consecutive runs, run r being `count` points pushed one after another
 * into one store (`store`, compared by identity), the first of them with push sequence `first`. A
 * store never hands out another point for a sequence it has handed out (its points are immutable once
 * pushed), so two histories share exactly the points of the same store and sequence, and the memo
 * finds what changed from the runs alone (O(runs)) instead of reading every point: reading ~1,100
 * points a title, scattered in the heap, was a quarter of a refresh (each identity compare loads both
 * objects' maps: a cache miss per point).
 */
export interface HistoryRun {
  readonly store: object;
  readonly first: number;
  readonly count: number;
}

export type HistoryRuns = readonly HistoryRun[];

/** How many points the runs describe. */
export function runsLength(runs: HistoryRuns): number {
  let n = 0;
  for (const r of runs) n += r.count;
  return n;
}

/** The runs of the history's first `n` points (the history cut at its end). */
export function runsUpTo(runs: HistoryRuns, n: number): HistoryRun[] {
  const out: HistoryRun[] = [];
  let left = n;
  for (const r of runs) {
    if (left <= 0) break;
    const count = Math.min(r.count, left);
    if (count > 0) out.push(count === r.count ? r : { store: r.store, first: r.first, count });
    left -= count;
  }
  return out;
}
