import type { Point } from './types';
import type { HistoryRuns } from './historyRuns';
import { eventBaseline } from './baseline';
import { lowerBound, upperBound } from './series';
import { insertSorted, median, sortedQuantile } from './quantile';

const MIN = 60_000;
const DAY = 1440 * MIN;
/** Days back the usual daily profile is read from (the backtest hands 8 days of history). */
const PROFILE_DAYS = 7;
const NODE_MS = 5 * MIN;
/** History the daily profile wants before an event's window: its seven days back, and one more. */
export const PROFILE_HISTORY_MS = (PROFILE_DAYS + 1) * DAY;
/** A profile value not computed yet; NONE: computed, and no day back had a sample. */
const UNKNOWN = NaN;
const NONE = -1;
/** Profile values are kept only for instants whose days back were all known this long before now. */
const KEEP_MARGIN_MS = 60 * MIN;

/** Saturday or Sunday (UTC), by arithmetic: 1970-01-01 was a Thursday (a Date per lookup was 5% of a refresh). */
const isWeekend = (t: number) => {
  const day = (((Math.floor(t / DAY) + 4) % 7) + 7) % 7;
  return day === 0 || day === 6;
};

/** What the series would do without the event. */
export interface ExpectedLevel {
  /** The pre-event level (eventBaseline): what peak ratios and the reference class are expressed in. */
  baseline: number;
  /** True when a daily profile shapes the expectation; false for a flat baseline (too little history). */
  seasonal: boolean;
  /** The profile's scale (pre-event level ÷ usual level); 1 for a flat baseline. */
  scale: number;
  /**
   * With a memo: its generation (bumped whenever its kept values were dropped) and the last instant
   * whose value is kept in it. Two calls with the same generation, rewrites, baseline and scale give the
   * same `at(t)` for every t up to both `keptThrough`: what a caller's own cached values may key on.
   */
  generation: number;
  /** With a memo, how many kept profile values were replaced so far (see generation). */
  rewrites: number;
  keptThrough: number;
  at: (t: number) => number;
}

/** Change regions found by one diff, as (after, through] pairs of instants: reused scratch. */
let regions = new Float64Array(16);

/** Grows the regions scratch to hold `count` regions. */
function regionRoom(count: number): void {
  if (2 * count <= regions.length) return;
  const grown = new Float64Array(Math.max(2 * count, regions.length * 2));
  grown.set(regions);
  regions = grown;
}

/**
 * The first index in [from, to) whose point is not clean (not finite, or before the point ahead of
 * it); -1 when none. A plain function, not a closure per call (tsx's keepNames names every closure
 * made: Object.defineProperty per closure, ~2% of a refresh).
 */
function unclean(history: readonly Point[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const p = history[i] as Point;
    if (!(Number.isFinite(p.t) && Number.isFinite(p.v)) || (i > 0 && !(p.t >= (history[i - 1] as Point).t))) return i;
  }
  return -1;
}

/** The points two histories' runs share, as (new index, old index, length) triples: reused scratch. */
let pieces = new Float64Array(24);

/**
 * The daily profile's values kept between calls for one event's series (a refresh keeps it for the
 * next one). A profile value at instant τ is the median of the series at τ − d days (d = 1…7): it
 * depends on the history's points next to those instants only (each lookup reads the first point at
 * or after it and the one before), and on the history's first point. Each call's history is compared
 * with the one the kept values were read from, by time and point identity: where they differ, a
 * region (after, through] of instants is changed (after: the last point both share before it,
 * through: the first one after it), and only the values whose lookups fall in a changed region are
 * dropped. The exporter's rings drop a point mid-history every minute (the minute ring's oldest):
 * dropping every value on any change before the end (the prefix this memo kept before) cleared
 * every running event's values each minute (bench:forecast over the rings: CPU a refresh, see the
 * commit).
 */
export class ProfileMemo {
  /**
   * The history the kept values were read from: its point objects. Points are values (a caller never
   * changes a point it handed over; the exporter's rings hand out stored, never-changed objects), so
   * the same object is the same sample.
   */
  private seen: Point[] = [];
  /** Profile value at node k (instant k·5 min), index k − kBase, and the first day back it read. */
  kBase = 0;
  nodes = new Float64Array(0);
  nodeFirstDay = new Int8Array(0);
  /** Bumped whenever a kept node value is replaced (more of its days back became known). */
  rewrites = 0;
  /** The pre-event level of a started event: dropped by any change up to T0 (it reads samples up to T0 only). */
  level?: { t0: number; generation: number; baseline: number | undefined; scale: number; seasonal: boolean };
  /** A history this call already compared (nowcast does, before cleaning): not compared again in it. */
  private checked: readonly Point[] | undefined;
  private checkedLength = 0;
  /**
   * Profile value at the instant of history point j (the pre-event window's points), with that
   * instant, at index j − atBase: only the window's indices and 64 ahead are held. The index is a slot
   * only: a value is read back when its instant matches (a value is a function of the instant and the
   * points its lookups read).
   */
  atBase = 0;
  atIndex = new Float64Array(0);
  atIndexT = new Float64Array(0);
  /** Bumped whenever kept node values are dropped. */
  generation = 0;
  /** Bumped per call: a reading function of an earlier call no longer writes here. */
  call = 0;
  /** False for a memo made for one call only: nothing is kept. */
  constructor(readonly keep = true) {}

  /**
   * Compares the history with the one the kept values were read from (dropping the values a change
   * reaches, as check does) and returns how many of its first points are clean (finite, time-ordered):
   * all of them when the whole history is, so nowcast's clean check reads nothing more. A history that
   * is not clean is not kept as seen: its cleaned copy is compared next (expectedLevel's check).
   * `runs` (the exporter's rings say where each point comes from, see HistoryRuns): the change is found
   * from them, no point read but at the changes.
   */
  prefixOf(history: readonly Point[], runs?: HistoryRuns): number {
    this.checked = undefined;
    let clean = runs && this.keep ? this.compareRuns(history, runs) : -1;
    if (clean < 0) clean = this.compare(history, runs);
    if (clean === history.length) {
      this.checked = history;
      this.checkedLength = history.length;
    }
    return clean;
  }

  /** The call that compared ends: the next one compares its history again (it may be changed in place). */
  endCall(): void {
    this.checked = undefined;
  }

  /** Keeps the values the history's changes (against the one they were read from) do not reach. */
  check(history: readonly Point[]): void {
    // A one-call memo keeps nothing, so has nothing to compare (its caller's history is clean).
    if (!this.keep) return;
    if (this.checked === history && this.checkedLength === history.length) {
      this.checked = undefined;
      return;
    }
    this.checked = undefined;
    // expectedLevel's history is clean (nowcast cleans it); any other is compared as wholly changed.
    if (this.compare(history) !== history.length) this.dropAll();
  }

  /**
   * One pass over the history beside the one seen: the changed regions, then the values they reach
   * dropped and the history kept as seen. Returns the count of its first points that are clean; when
   * that is not all of them, nothing is dropped or kept (the caller compares the cleaned copy).
   */
  private compare(history: readonly Point[], runs?: HistoryRuns): number {
    const n = history.length;
    if (!this.keep) {
      for (let i = 0; i < n; i++) {
        const p = history[i] as Point;
        if (!(Number.isFinite(p.t) && Number.isFinite(p.v)) || (i > 0 && p.t < (history[i - 1] as Point).t)) return i;
      }
      return n;
    }
    const seen = this.seen;
    const m = seen.length;
    // The seen points come first, the same objects: clean (seen was) and unchanged, so compared by
    // identity alone (no point read); the walk by time starts at the first other one.
    const limit = Math.min(m, n);
    let i0 = 0;
    while (i0 < limit && history[i0] === seen[i0]) i0++;
    let count = 0;
    let j = i0;
    let lastShared = i0 ? (history[i0 - 1] as Point).t : -Infinity;
    let open = false;
    let after = 0;
    let prevT = lastShared;
    // The new index of the kept window's first slot (atBase), found where the walk passes it.
    let baseShift = 0;
    let baseFound = this.atIndex.length === 0 || i0 > this.atBase;
    const close = (through: number) => {
      regionRoom(count + 1);
      regions[2 * count] = after;
      regions[2 * count + 1] = through;
      count++;
      open = false;
    };
    for (let i = i0; i < n; i++) {
      const p = history[i] as Point;
      const t = p.t;
      if (!(t >= prevT) || !Number.isFinite(t) || !Number.isFinite(p.v)) return i;
      prevT = t;
      // Seen points before this one that it is not: removed.
      while (j < m && seen[j] !== p && (seen[j] as Point).t < t) {
        if (!open) {
          open = true;
          after = lastShared;
        }
        if (!baseFound && j >= this.atBase) {
          baseFound = true;
          baseShift = i - j;
        }
        j++;
      }
      if (j < m && seen[j] === p) {
        if (!baseFound && j >= this.atBase) {
          baseFound = true;
          baseShift = i - j;
        }
        if (open) close(t);
        lastShared = t;
        j++;
        continue;
      }
      // Not a seen point: a new one (or one replacing a seen point at the same instant).
      if (!open) {
        open = true;
        after = lastShared;
      }
      if (j < m && (seen[j] as Point).t === t) j++;
    }
    if (j < m && !open) {
      open = true;
      after = lastShared;
    }
    if (open) close(Infinity);
    if (count) this.drop(count);
    if (baseShift) this.atBase += baseShift;
    // Kept as seen: a copy (the caller may change its array in place). Grown by push: setting a
    // longer length makes a sparse (dictionary) array, whose reads made this pass 5x slower.
    if (m > n) seen.length = n;
    for (let i = i0; i < limit; i++) seen[i] = history[i] as Point;
    for (let i = m; i < n; i++) seen.push(history[i] as Point);
    this.keepRuns(runs, n);
    return n;
  }

  /**
   * The runs the seen history came from (compareRuns' side of `seen`); seenRunN < 0: not known (the
   * seen history came without runs, or `seen` is then compared by its points).
   */
  private runStore: object[] = [];
  private runFirst: number[] = [];
  private runCount: number[] = [];
  private seenRunN = -1;
  private seenRunTotal = 0;

  private keepRuns(runs: HistoryRuns | undefined, n: number): void {
    if (!runs) {
      this.seenRunN = -1;
      return;
    }
    let total = 0;
    for (let r = 0; r < runs.length; r++) {
      const run = runs[r] as HistoryRuns[number];
      this.runStore[r] = run.store;
      this.runFirst[r] = run.first;
      this.runCount[r] = run.count;
      total += run.count;
    }
    this.runStore.length = runs.length; // no store held past its use
    this.seenRunN = total === n ? runs.length : -1;
    this.seenRunTotal = total;
  }

  /**
   * compare's result from the runs of both histories: the points they share are the runs' common
   * (store, sequence) ranges, and between two consecutive shared stretches anything else (a point
   * added, removed or replaced, in either history) is one changed region, (t of the shared point
   * before, t of the shared point after]: the regions compare's walk finds, with only the points at
   * the changes read (their times, and the new points' clean check). -1 when the runs cannot answer
   * (none kept from the seen history, or runs that do not describe this one): compare walks instead.
   */
  private compareRuns(history: readonly Point[], runs: HistoryRuns): number {
    const n = history.length;
    const oldN = this.seenRunN;
    if (oldN < 0) return -1;
    let total = 0;
    for (const r of runs) total += r.count;
    if (total !== n) return -1;
    // The shared stretches, in the new history's order (each store's sequences are in time order).
    let count = 0;
    for (let b = 0, newAt = 0; b < runs.length; newAt += (runs[b] as HistoryRuns[number]).count, b++) {
      const run = runs[b] as HistoryRuns[number];
      for (let a = 0, oldAt = 0; a < oldN; oldAt += this.runCount[a] as number, a++) {
        if (this.runStore[a] !== run.store) continue;
        const aFirst = this.runFirst[a] as number;
        const lo = Math.max(aFirst, run.first);
        const hi = Math.min(aFirst + (this.runCount[a] as number), run.first + run.count);
        if (lo >= hi) continue;
        if (3 * count + 3 > pieces.length) {
          const grown = new Float64Array(pieces.length * 2);
          grown.set(pieces);
          pieces = grown;
        }
        pieces[3 * count] = newAt + lo - run.first;
        pieces[3 * count + 1] = oldAt + lo - aFirst;
        pieces[3 * count + 2] = hi - lo;
        count++;
      }
    }
    // Insertion sort by new index (a handful of stretches); old indices must then rise too, else walk.
    for (let k = 1; k < count; k++) {
      const a = pieces[3 * k] as number;
      const b = pieces[3 * k + 1] as number;
      const c = pieces[3 * k + 2] as number;
      let j = k - 1;
      while (j >= 0 && (pieces[3 * j] as number) > a) {
        pieces[3 * j + 3] = pieces[3 * j] as number;
        pieces[3 * j + 4] = pieces[3 * j + 1] as number;
        pieces[3 * j + 5] = pieces[3 * j + 2] as number;
        j--;
      }
      pieces[3 * j + 3] = a;
      pieces[3 * j + 4] = b;
      pieces[3 * j + 5] = c;
    }
    for (let k = 1; k < count; k++)
      if ((pieces[3 * k + 1] as number) < (pieces[3 * k - 2] as number) + (pieces[3 * k - 1] as number)) return -1;
    // The clean check, in index order, of what the seen history did not vouch for: each point not
    // shared, and each shared stretch's first point (its order after the point before it).
    let next = 0;
    for (let k = 0; k <= count; k++) {
      const start = k < count ? (pieces[3 * k] as number) : n;
      const bad = unclean(history, next, k < count ? start + 1 : n);
      if (bad >= 0) return bad;
      if (k < count) next = start + (pieces[3 * k + 2] as number);
    }
    // The regions between shared stretches with anything unshared between them.
    let nRegions = 0;
    let newEnd = 0;
    let oldEnd = 0;
    let lastShared = -Infinity;
    // The new index of the kept window's first slot (atBase): moved as the shared stretch holding it.
    let baseShift = 0;
    let baseFound = this.atIndex.length === 0;
    for (let k = 0; k < count; k++) {
      const newStart = pieces[3 * k] as number;
      const oldStart = pieces[3 * k + 1] as number;
      const len = pieces[3 * k + 2] as number;
      if (newStart > newEnd || oldStart > oldEnd) {
        regionRoom(nRegions + 1);
        regions[2 * nRegions] = lastShared;
        regions[2 * nRegions + 1] = (history[newStart] as Point).t;
        nRegions++;
      }
      if (!baseFound && oldStart + len > this.atBase) {
        baseFound = true;
        baseShift = newStart - oldStart;
      }
      lastShared = (history[newStart + len - 1] as Point).t;
      newEnd = newStart + len;
      oldEnd = oldStart + len;
    }
    if (n > newEnd || this.seenRunTotal > oldEnd) {
      regionRoom(nRegions + 1);
      regions[2 * nRegions] = lastShared;
      regions[2 * nRegions + 1] = Infinity;
      nRegions++;
    }
    if (nRegions) this.drop(nRegions);
    if (baseShift) this.atBase += baseShift;
    // The seen history is now known by its runs only (a walk after this compares with nothing seen).
    this.seen.length = 0;
    this.keepRuns(runs, n);
    return n;
  }

  /** Drops the kept values whose lookups (τ − d days) fall in the changed regions. */
  private drop(count: number): void {
    let dropped = false;
    const size = this.nodes.length;
    // The kept window instants' span: a lookup range that misses it reaches none of them (no walk).
    let aMin = Infinity;
    let aMax = -Infinity;
    for (let i = 0; i < this.atIndexT.length; i++) {
      const t = this.atIndexT[i] as number;
      if (t < aMin) aMin = t;
      if (t > aMax) aMax = t;
    }
    for (let r = 0; r < count; r++) {
      const after = regions[2 * r] as number;
      const through = regions[2 * r + 1] as number;
      // Any change up to T0 reaches the pre-event level.
      if (this.level && after < this.level.t0) this.level = undefined;
      for (let d = 1; d <= PROFILE_DAYS; d++) {
        const lo = after + d * DAY;
        const hi = through + d * DAY;
        // Nodes k with k·NODE_MS in (lo, hi] that read day d (their first day back is d or before).
        if (size) {
          const kLo = Math.max(this.kBase, Number.isFinite(lo) ? Math.floor(lo / NODE_MS) : -Infinity);
          const kHi = Math.min(this.kBase + size - 1, Number.isFinite(hi) ? Math.ceil(hi / NODE_MS) : Infinity);
          for (let k = kLo; k <= kHi; k++) {
            const i = k - this.kBase;
            const v = this.nodes[i] as number;
            if (Number.isNaN(v) || (this.nodeFirstDay[i] as number) > d) continue;
            const t = k * NODE_MS;
            if (t > lo && t <= hi) {
              this.nodes[i] = UNKNOWN;
              dropped = true;
            }
          }
        }
        if (!(lo < aMax && hi >= aMin)) continue;
        for (let i = 0; i < this.atIndexT.length; i++) {
          const t = this.atIndexT[i] as number;
          if (t > lo && t <= hi) {
            this.atIndex[i] = UNKNOWN;
            this.atIndexT[i] = UNKNOWN;
          }
        }
      }
    }
    if (dropped) this.generation++;
  }

  /** Every kept value dropped, and nothing seen. */
  private dropAll(): void {
    this.seen.length = 0;
    this.seenRunN = -1;
    this.nodes.fill(UNKNOWN);
    this.atIndex.fill(UNKNOWN);
    this.atIndexT.fill(UNKNOWN);
    this.level = undefined;
    this.generation++;
  }

  /** Room for node k (grown by half again, so a walk over new nodes reallocates rarely). */
  nodeRange(k: number): void {
    const size = this.nodes.length;
    if (size && k >= this.kBase && k < this.kBase + size) return;
    const slack = Math.max(64, size >> 1);
    const base = size ? Math.min(this.kBase, k - (k < this.kBase ? slack : 0)) : k - slack;
    const end = size ? Math.max(this.kBase + size, k + 1 + (k >= this.kBase + size ? slack : 0)) : k + 1 + slack;
    const next = new Float64Array(end - base).fill(UNKNOWN);
    const days = new Int8Array(end - base);
    if (size) {
      next.set(this.nodes, this.kBase - base);
      days.set(this.nodeFirstDay, this.kBase - base);
    }
    this.kBase = base;
    this.nodes = next;
    this.nodeFirstDay = days;
  }

  /** Room for history indices from `from` to before `to` (with room ahead: the window slides as samples come). */
  indexRange(from: number, to: number): void {
    const size = this.atIndex.length;
    if (size && from >= this.atBase && to <= this.atBase + size) return;
    // The window and 64 indices ahead only: not the old size again (which grew by 64 each time).
    const end = to + 64;
    const next = new Float64Array(end - from).fill(UNKNOWN);
    const nextT = new Float64Array(end - from).fill(UNKNOWN);
    // The values of indices both ranges hold are kept.
    for (let j = Math.max(from, this.atBase); j < Math.min(end, this.atBase + size); j++) {
      next[j - from] = this.atIndex[j - this.atBase] as number;
      nextT[j - from] = this.atIndexT[j - this.atBase] as number;
    }
    this.atBase = from;
    this.atIndex = next;
    this.atIndexT = nextT;
  }
}

/** profile()'s scratch for one instant's values (module-wide: it fills and reads them in one go). */
const sameScratch = new Float64Array(PROFILE_DAYS);
const anyScratch = new Float64Array(PROFILE_DAYS);

/**
 * The level the series would follow without the event: its usual daily profile (the median of the
 * same instant on the last seven days of the same type, weekday or weekend, read only from samples
 * known by `now`), scaled to the pre-event level. Game audiences swing 1.5-5x in a day, so an update at the start of the daily rise
 * looks like a surge against a flat baseline; against the profile only the event's own excess remains.
 * With no day-earlier samples around T0 (a new stream, a short history) it is the flat baseline.
 * `memo` (one per event, kept by the caller between calls) keeps profile values; the result is the same with or without it.
 */
export function expectedLevel(
  history: readonly Point[],
  t0: number,
  now: number,
  memo?: ProfileMemo
): ExpectedLevel | undefined {
  const kept = memo ?? new ProfileMemo(false);
  kept.check(history);
  const call = ++kept.call;
  const n = history.length;
  // A started event's pre-event level is read from samples up to T0 only: kept while they are all in
  // the kept prefix (the sample after it, if any, is past T0).
  const started = now >= t0;
  const known = started && kept.level?.t0 === t0 && kept.level.generation === kept.generation ? kept.level : undefined;
  const baseline = known ? known.baseline : eventBaseline(history, t0, now);
  // What a started event's level is kept as (nothing when it was read back, or the memo keeps nothing).
  const remembers = started && !known && kept.keep;
  if (baseline === undefined || !(baseline > 0)) {
    if (remembers) kept.level = { t0, generation: kept.generation, baseline, scale: 1, seasonal: false };
    return undefined;
  }
  const first = history[0];
  if (!first || first.t > t0 - DAY || known?.seasonal === false) return flatLevel(kept, remembers, t0, baseline);
  const reader = new SeasonalLevel(history, now, first.t, kept, call, baseline);
  let scale: number;
  if (known) scale = known.scale;
  else {
    // Scale: the pre-event window's level relative to its usual level (the same window as eventBaseline).
    const end = Math.min(now, t0 - 10 * MIN);
    const ratios: number[] = [];
    const jFrom = lowerBound(history, end - 60 * MIN);
    // A one-call memo keeps nothing: its values are computed once each, with no index arrays to grow.
    if (kept.keep) {
      // The window's last index + 1: the first point after `end`.
      kept.indexRange(jFrom, upperBound(history, end));
    }
    const base = kept.atBase;
    for (let j = jFrom; j < n && (history[j] as Point).t <= end; j++) {
      const p = history[j] as Point;
      if (!kept.keep) {
        const usual = reader.profile(p.t);
        if (usual !== NONE && p.v > 0) ratios.push(p.v / usual);
        continue;
      }
      // Every day back of a window instant is known by now (it is before now), so each value is kept.
      let usual = kept.atIndexT[j - base] === p.t ? (kept.atIndex[j - base] as number) : UNKNOWN;
      if (Number.isNaN(usual)) {
        usual = reader.profile(p.t);
        kept.atIndex[j - base] = usual;
        kept.atIndexT[j - base] = p.t;
      }
      if (usual !== NONE && p.v > 0) ratios.push(p.v / usual);
    }
    if (ratios.length === 0) return flatLevel(kept, remembers, t0, baseline);
    scale = median(ratios);
    if (remembers) kept.level = { t0, generation: kept.generation, baseline, scale, seasonal: true };
  }
  reader.scale = scale;
  reader.generation = kept.generation;
  reader.rewrites = kept.rewrites;
  return reader;
}

/** The flat baseline as the expectation (kept as a started event's level when `remembers`). */
function flatLevel(kept: ProfileMemo, remembers: boolean, t0: number, baseline: number): ExpectedLevel {
  if (remembers) kept.level = { t0, generation: kept.generation, baseline, scale: 1, seasonal: false };
  return new FlatLevel(baseline);
}

/** The flat expectation: the baseline at every instant. */
class FlatLevel implements ExpectedLevel {
  readonly seasonal = false;
  readonly scale = 1;
  readonly generation = 0;
  readonly rewrites = 0;
  readonly keptThrough = Infinity;
  constructor(readonly baseline: number) {}
  at(): number {
    return this.baseline;
  }
}

/**
 * The seasonal expectation of one call: the daily profile read from the history (kept values from the
 * memo), scaled. A class, not a set of closures per call: tsx (keepNames) names every closure made with
 * Object.defineProperty, and expectedLevel's seven were ~4% of a refresh.
 */
class SeasonalLevel implements ExpectedLevel {
  readonly seasonal = true;
  scale = NaN;
  generation = 0;
  rewrites = 0;
  /** Every day back of instants up to here is known an hour before now: their nodes are kept. */
  readonly keptThrough: number;
  private readonly n: number;
  /**
   * Per day back, the index last found: lookups come in ascending time, so each starts where the one
   * before ended (a binary search per lookup was 15% of a refresh with eight days of history).
   */
  private readonly hints = new Int32Array(PROFILE_DAYS + 1);
  /** Node values not kept in the memo, for this call. */
  private readonly local = new Map<number, number>();
  private readonly keepBefore: number;

  constructor(
    private readonly history: readonly Point[],
    private readonly now: number,
    private readonly firstT: number,
    private readonly kept: ProfileMemo,
    private readonly call: number,
    readonly baseline: number
  ) {
    this.n = history.length;
    this.keepBefore = now - KEEP_MARGIN_MS;
    this.keptThrough = now - KEEP_MARGIN_MS + DAY;
  }

  private valueFrom(d: number, t: number): number | undefined {
    const history = this.history;
    const n = this.n;
    let i = this.hints[d] as number;
    if (i === 0 || i > n || (history[i - 1] as Point).t >= t) i = lowerBound(history, t);
    else {
      // A short walk forward; a long jump is searched instead.
      const stop = Math.min(n, i + 16);
      while (i < stop && (history[i] as Point).t < t) i++;
      if (i === stop && i < n && (history[i] as Point).t < t) i = lowerBound(history, t);
    }
    this.hints[d] = i;
    // valueAt's reading from the first point at or after t.
    const right = history[i];
    if (!right) return undefined;
    if (right.t === t) return right.v;
    const left = history[i - 1];
    if (!left) return undefined;
    return left.v + ((right.v - left.v) * (t - left.t)) / (right.t - left.t);
  }

  /**
   * The profile at t; NONE when no day back has a sample. Weekends draw a different daily curve from
   * weekdays (UTC days): the profile reads the days of the same type, or every day when none of that
   * type is known.
   */
  profile(t: number): number {
    // Scratch for the (at most seven) values of one instant: no arrays per lookup, sorted by insertion.
    const same = sameScratch;
    const any = anyScratch;
    let nSame = 0;
    let nAny = 0;
    const weekend = isWeekend(t);
    for (let d = 1; d <= PROFILE_DAYS; d++) {
      const past = t - d * DAY;
      if (past > this.now) continue;
      // A day back before the first point reads nothing, but the value then depends on where the history
      // starts: a change of the first point is a change region from the start (ProfileMemo.compare).
      if (past < this.firstT) continue;
      const v = this.valueFrom(d, past);
      if (v === undefined || !(v > 0)) continue;
      nAny = insertSorted(any, nAny, v);
      if (isWeekend(past) === weekend) nSame = insertSorted(same, nSame, v);
    }
    return nSame ? sortedQuantile(same, nSame, 0.5) : nAny ? sortedQuantile(any, nAny, 0.5) : NONE;
  }

  /**
   * The profile is read on a 5-minute grid (nodes computed once, on first use) and interpolated between:
   * a daily swing needs no finer step, and a refresh of 500 events then does ~150 lookups per event,
   * not seven per path point. A node is kept in the memo (with the first day back it could read) when
   * that day was known an hour before now, so what it reads lies before the newest samples (which a
   * caller's series may still rewrite); other nodes are computed per call.
   */
  private rawNode(k: number): number {
    const kept = this.kept;
    const t = k * NODE_MS;
    let firstDay = 1;
    if (t - DAY > this.keepBefore) {
      while (firstDay <= PROFILE_DAYS && t - firstDay * DAY > this.now) firstDay++;
    }
    if (!kept.keep || kept.call !== this.call || t - firstDay * DAY > this.keepBefore) {
      let v = this.local.get(k);
      if (v === undefined) this.local.set(k, (v = this.profile(t)));
      return v;
    }
    kept.nodeRange(k);
    const i = k - kept.kBase;
    let v = kept.nodes[i] as number;
    if (Number.isNaN(v) || kept.nodeFirstDay[i] !== firstDay) {
      if (!Number.isNaN(v)) kept.rewrites++;
      v = this.profile(t);
      kept.nodes[i] = v;
      kept.nodeFirstDay[i] = firstDay;
    }
    return v;
  }

  /** A node's level; one with no profile (a gap in the history) is the flat baseline. */
  private node(k: number): number {
    const raw = this.rawNode(k);
    return this.scale * (raw !== NONE ? raw : this.baseline / this.scale);
  }

  at(t: number): number {
    const k = Math.floor(t / NODE_MS);
    const a = this.node(k);
    const w = t / NODE_MS - k;
    return w > 0 ? a + (this.node(k + 1) - a) * w : a;
  }
}
