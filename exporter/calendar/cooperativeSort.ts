import type { Yielder } from './cooperativeYield';

const RUN = 1024;

/**
 * A stable merge sort that hands the event loop back between slices: runs of 1,024 are sorted
 * natively, then merged pairwise. Sorting tens of thousands of occurrences in one call held the
 * loop for 5-15 ms on this machine; this keeps every slice within the yielder's budget.
 */
export async function sortCooperatively<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  yielder: Yielder
): Promise<T[]> {
  let source = items.slice();
  for (let start = 0; start < source.length; start += RUN) {
    const run = source.slice(start, start + RUN).sort(compare);
    for (let i = 0; i < run.length; i++) source[start + i] = run[i] as T;
    await yielder.maybeYield();
  }
  let target = new Array<T>(source.length);
  for (let width = RUN; width < source.length; width *= 2) {
    for (let left = 0; left < source.length; left += 2 * width) {
      const mid = Math.min(left + width, source.length);
      const right = Math.min(left + 2 * width, source.length);
      let i = left;
      let j = mid;
      for (let k = left; k < right; k++) {
        // Take from the left run on ties, so equal items keep their order.
        if (i < mid && (j >= right || compare(source[i] as T, source[j] as T) <= 0)) target[k] = source[i++] as T;
        else target[k] = source[j++] as T;
        if ((k & 1023) === 1023) await yielder.maybeYield();
      }
    }
    [source, target] = [target, source];
  }
  return source;
}
