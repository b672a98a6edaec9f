import type { Point } from './types';
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

/**
 * The daily profile's values kept between calls for one event's series (a refresh keeps it for the
 * next one). A profile value at instant τ is the median of the series at τ − d days (d = 1…7): it
 * depends on the history's points around those instants only, and on which of them are known by
 * `now`. Kept are the values whose every day back was known (τ − 1 day ≤ now), each valid while the
 * history's prefix they read (a copy of it is kept) is unchanged; any change there clears them all.
 */
export class ProfileMemo {
  /**
   * The history prefix the kept values were read from: its point objects. Points are values (a caller
   * never changes a point it handed over; the exporter's rings hand out stored, never-changed objects),
   * so the same objects are the same samples: checking the prefix reads the array, not each point
   * (comparing t and v of 1,200 scattered objects took ~10 µs an event, a third of a refresh).
   */
  private prefix: Point[] = [];
  /** How many of `prefix`'s points the kept values depend on (the rest were only checked clean). */
  private len = 0;
  /**
   * How many of `prefix`'s points a call found clean (finite, time-ordered) and has not seen change:
   * nowcast checks only what follows them (re-reading 1,200 scattered points an event was ~15% of a refresh).
   */
  private stored = 0;
  /** Profile value at node k (instant k·5 min), index k − kBase, and the first day back it read. */
  kBase = 0;
  nodes = new Float64Array(0);
  nodeFirstDay = new Int8Array(0);
  /** Bumped whenever a kept node value is replaced (more of its days back became known). */
  rewrites = 0;
  /** The pre-event level of a started event, kept while every sample up to T0 is in the kept prefix. */
  level?: { t0: number; generation: number; baseline: number | undefined; scale: number; seasonal: boolean };
  /** A history whose prefix this call already checked (nowcast checks before cleaning): not checked again in it. */
  private checked: readonly Point[] | undefined;
  private checkedLength = 0;
  /**
   * Profile value at the instant of history point j (the pre-event window's points), with that
   * instant, at index j − atBase: only the window's indices and 64 ahead are held (sized to the whole
   * history, the two arrays were ~35 KB of an event's ~39 KB memo).
   */
  atBase = 0;
  atIndex = new Float64Array(0);
  atIndexT = new Float64Array(0);
  /** Bumped whenever kept values are dropped. */
  generation = 0;
  /** Bumped per call: a reading function of an earlier call no longer writes here. */
  call = 0;
  /** False for a memo made for one call only: no prefix is kept. */
  constructor(readonly keep = true) {}

  /**
   * How many of the history's first points are known clean: the same objects as a prefix a call found
   * clean before (the kept values are dropped, as by check, when their own prefix changed).
   */
  prefixOf(history: readonly Point[]): number {
    // A mark left by an earlier call (one that read no profile) must not skip this call's check.
    this.checked = undefined;
    this.check(history);
    this.checked = history;
    this.checkedLength = history.length;
    return this.stored;
  }

  /** The call that checked ends: the next one checks its history again (it may be changed in place). */
  endCall(): void {
    this.checked = undefined;
  }

  /** The whole history was found clean: its points join the prefix (the values' own dependency unchanged). */
  markClean(history: readonly Point[]): void {
    if (!this.keep || this.checked !== history || this.checkedLength !== history.length) return;
    for (let i = this.stored; i < history.length; i++) this.prefix.push(history[i] as Point);
    this.stored = history.length;
  }

  /** The length of the kept prefix. */
  get length(): number {
    return this.len;
  }

  /** Keeps the values only if the history still starts with the prefix they were read from. */
  check(history: readonly Point[]): void {
    if (this.checked === history && this.checkedLength === history.length) {
      this.checked = undefined;
      return;
    }
    this.checked = undefined;
    // The first point that differs from the stored prefix (or the history's end).
    const prefix = this.prefix;
    const limit = Math.min(this.stored, history.length);
    let m = 0;
    while (m < limit && history[m] === prefix[m]) m++;
    if (m < this.stored) {
      this.stored = m;
      prefix.length = m;
    }
    if (m >= this.len) return;
    this.len = 0;
    this.nodes.fill(UNKNOWN);
    this.atIndex.fill(UNKNOWN);
    this.level = undefined;
    this.generation++;
  }

  /** The kept values now depend on the history's first `n` points too. */
  extend(history: readonly Point[], n: number): void {
    if (!this.keep || n <= this.len) return;
    // The stored points are this history's own (check compared them), so only those beyond are added.
    for (let i = this.stored; i < n; i++) this.prefix.push(history[i] as Point);
    this.stored = Math.max(this.stored, n);
    this.len = n;
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
  const known =
    started &&
    kept.level?.t0 === t0 &&
    kept.level.generation === kept.generation &&
    (kept.length >= n || (history[kept.length] as Point).t > t0)
      ? kept.level
      : undefined;
  const baseline = known ? known.baseline : eventBaseline(history, t0, now);
  const remember = (scale: number, seasonal: boolean) => {
    if (!started || known || !kept.keep) return;
    // Every sample up to T0 joins the kept prefix.
    kept.extend(history, upperBound(history, t0));
    kept.level = { t0, generation: kept.generation, baseline, scale, seasonal };
  };
  if (baseline === undefined || !(baseline > 0)) {
    remember(1, false);
    return undefined;
  }
  const flat = (): ExpectedLevel => {
    remember(1, false);
    return {
      baseline,
      seasonal: false,
      scale: 1,
      generation: 0,
      rewrites: 0,
      keptThrough: Infinity,
      at: () => baseline,
    };
  };
  const first = history[0];
  if (!first || first.t > t0 - DAY || known?.seasonal === false) return flat();
  const firstT = first.t;
  // Weekends draw a different daily curve from weekdays (UTC days): the profile reads the days of the
  // same type, or every day when none of that type is known.
  // Scratch for the (at most seven) values of one instant: no arrays per lookup, sorted by insertion.
  const same = new Float64Array(PROFILE_DAYS);
  const any = new Float64Array(PROFILE_DAYS);
  // Per day back, the index last found: lookups come in ascending time, so each starts where the one
  // before ended (a binary search per lookup was 15% of a refresh with eight days of history).
  const hints = new Int32Array(PROFILE_DAYS + 1);
  // The furthest point a kept value was read from (its lookups' right neighbours).
  let reach = 0;
  let keeping = false;
  const valueFrom = (d: number, t: number): number | undefined => {
    let i = hints[d] as number;
    if (i === 0 || i > n || (history[i - 1] as Point).t >= t) i = lowerBound(history, t);
    else {
      // A short walk forward; a long jump is searched instead.
      const stop = Math.min(n, i + 16);
      while (i < stop && (history[i] as Point).t < t) i++;
      if (i === stop && i < n && (history[i] as Point).t < t) i = lowerBound(history, t);
    }
    hints[d] = i;
    if (keeping && i + 1 > reach) reach = i + 1;
    // valueAt's reading from the first point at or after t.
    const right = history[i];
    if (!right) return undefined;
    if (right.t === t) return right.v;
    const left = history[i - 1];
    if (!left) return undefined;
    return left.v + ((right.v - left.v) * (t - left.t)) / (right.t - left.t);
  };
  /** The profile at t; NONE when no day back has a sample. */
  const profile = (t: number): number => {
    let nSame = 0;
    let nAny = 0;
    const weekend = isWeekend(t);
    for (let d = 1; d <= PROFILE_DAYS; d++) {
      const past = t - d * DAY;
      if (past > now) continue;
      // A day back before the first point reads nothing, but the value then depends on where the history
      // starts: it joins the kept prefix (a history that starts earlier later reads that day).
      if (past < firstT) {
        if (keeping && reach < 1) reach = 1;
        continue;
      }
      const v = valueFrom(d, past);
      if (v === undefined || !(v > 0)) continue;
      nAny = insertSorted(any, nAny, v);
      if (isWeekend(past) === weekend) nSame = insertSorted(same, nSame, v);
    }
    return nSame ? sortedQuantile(same, nSame, 0.5) : nAny ? sortedQuantile(any, nAny, 0.5) : NONE;
  };
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
        const usual = profile(p.t);
        if (usual !== NONE && p.v > 0) ratios.push(p.v / usual);
        continue;
      }
      // Every day back of a window instant is known by now (it is before now), so each value is kept.
      let usual = kept.atIndexT[j - base] === p.t ? (kept.atIndex[j - base] as number) : UNKNOWN;
      if (Number.isNaN(usual)) {
        keeping = true;
        usual = profile(p.t);
        keeping = false;
        kept.atIndex[j - base] = usual;
        kept.atIndexT[j - base] = p.t;
      }
      if (usual !== NONE && p.v > 0) ratios.push(p.v / usual);
    }
    kept.extend(history, reach);
    if (ratios.length === 0) return flat();
    scale = median(ratios);
    remember(scale, true);
  }
  // The profile is read on a 5-minute grid (nodes computed once, on first use) and interpolated between:
  // a daily swing needs no finer step, and a refresh of 500 events then does ~150 lookups per event,
  // not seven per path point. A node with no profile (a gap in the history) is the flat baseline.
  // A node is kept in the memo (with the first day back it could read) when that day was known an
  // hour before now, so what it reads lies before the newest samples (which a caller's series may still
  // rewrite); other nodes are computed per call.
  const local = new Map<number, number>();
  const keepBefore = now - KEEP_MARGIN_MS;
  const rawNode = (k: number): number => {
    const t = k * NODE_MS;
    let firstDay = 1;
    if (t - DAY > keepBefore) {
      while (firstDay <= PROFILE_DAYS && t - firstDay * DAY > now) firstDay++;
    }
    if (!kept.keep || kept.call !== call || t - firstDay * DAY > keepBefore) {
      let v = local.get(k);
      if (v === undefined) local.set(k, (v = profile(t)));
      return v;
    }
    kept.nodeRange(k);
    const i = k - kept.kBase;
    let v = kept.nodes[i] as number;
    if (Number.isNaN(v) || kept.nodeFirstDay[i] !== firstDay) {
      if (!Number.isNaN(v)) kept.rewrites++;
      keeping = true;
      v = profile(t);
      keeping = false;
      kept.nodes[i] = v;
      kept.nodeFirstDay[i] = firstDay;
      kept.extend(history, reach);
    }
    return v;
  };
  const node = (k: number): number => {
    const raw = rawNode(k);
    return scale * (raw !== NONE ? raw : baseline / scale);
  };
  return {
    baseline,
    seasonal: true,
    scale,
    generation: kept.generation,
    rewrites: kept.rewrites,
    // Every day back of instants up to here is known an hour before now: their nodes are kept.
    keptThrough: now - KEEP_MARGIN_MS + DAY,
    at: (t) => {
      const k = Math.floor(t / NODE_MS);
      const a = node(k);
      const w = t / NODE_MS - k;
      return w > 0 ? a + (node(k + 1) - a) * w : a;
    },
  };
}
