/**
 * Quantiles of small sets of numbers, as a refresh reads them for every event: sorted by insertion into
 * reused arrays (no typed-array view, no native call), or ranks found by selection for longer sets.
 * Every reading is linear between the two nearest ranks, as Float64Array's own sort orders values
 * (numeric, NaN last, −0 before +0).
 */

/** Inserts v into the sorted first n of a (room for n + 1); returns n + 1. */
export function insertSorted(a: Float64Array, n: number, v: number): number {
  let i = n;
  while (i > 0 && (a[i - 1] as number) > v) {
    a[i] = a[i - 1] as number;
    i--;
  }
  a[i] = v;
  return n + 1;
}

/** The q-quantile of the sorted first n of a (linear between the two nearest ranks). */
export function sortedQuantile(sorted: Float64Array, n: number, q: number): number {
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}

let scratch = new Float64Array(64);
/** Up to this many values are sorted by insertion (no typed-array view made, no native call). */
const INSERTION_MAX = 32;

/** Finite and non-zero: where `<` and `>` order exactly as the native sort does. */
const plainValue = (v: number) => v === v && v !== 0 && v !== Infinity && v !== -Infinity;

/**
 * The values sorted into the reused scratch array (its first values.length entries), in the native
 * sort's order: a sort of an hour's samples runs for every event of a refresh, and rollingBand's
 * per-horizon errors (8 values) some twenty times an event.
 */
function sortedScratch(values: readonly number[]): Float64Array {
  const n = values.length;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  const a = scratch;
  // By insertion while every value is plain.
  let plain = n <= INSERTION_MAX;
  for (let i = 0; i < n && plain; i++) {
    const v = values[i] as number;
    if (!plainValue(v)) plain = false;
    else insertSorted(a, i, v);
  }
  if (!plain) {
    for (let i = 0; i < n; i++) a[i] = values[i] as number;
    a.subarray(0, n).sort();
  }
  return a;
}

/**
 * The k-th smallest of the first n of a (reordered in place), by quickselect (median-of-three pivot,
 * Hoare partition): exact for values `<` orders totally (finite, no zero of either sign).
 */
function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const x = a[lo] as number;
    const y = a[(lo + hi) >> 1] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

export function quantile(values: readonly number[], q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  if (n === 1) return values[0] as number; // no copy for the common one-value median
  if (n <= INSERTION_MAX) return sortedQuantile(sortedScratch(values), n, q);
  // Longer (an hour's samples, twice an event): the two ranks by selection, not a whole sort (~5% of
  // a refresh was the native sort), while every value is plain.
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  const a = scratch;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!plainValue(v)) return sortedQuantile(sortedScratch(values), n, q);
    a[i] = v;
  }
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const below = selectKth(a, n, lo);
  if (Math.ceil(pos) === lo) return below;
  // The next rank: the least of what selection left above it.
  let above = a[lo + 1] as number;
  for (let i = lo + 2; i < n; i++) if ((a[i] as number) < above) above = a[i] as number;
  return below + (above - below) * (pos - lo);
}

/** Two quantiles of the same values, sorted once: [quantile(values, qa), quantile(values, qb)]. */
export function quantiles2(values: readonly number[], qa: number, qb: number): [number, number] {
  if (values.length === 0) return [NaN, NaN];
  if (values.length === 1) return [values[0] as number, values[0] as number];
  const sorted = sortedScratch(values);
  return [sortedQuantile(sorted, values.length, qa), sortedQuantile(sorted, values.length, qb)];
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);
