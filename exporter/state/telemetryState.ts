import type {
  HeartbeatEvent,
  LoginEvent,
  RawHeartbeat,
  RawLabels,
  SegmentEvent,
  TelemetryEvent,
} from './telemetryEvent';
import { CounterFamily } from './counterFamily';
import { LabelGuard, UNKNOWN, type LabelAllowLists } from './labelGuard';
import { LabelSetCache } from './labelSetCache';
import { RawLabelCache } from './rawLabelCache';
import { sessionCapProblem } from './sessionCap';
import { SessionState, SessionTable } from './sessionTable';
import { STATUS_CLASSES, statusClass, type SegmentStatus } from './statusClass';
import { ViewerLabelSets, type ViewerLabelSet } from './viewerLabelSets';

export type { ViewerLabelSet } from './viewerLabelSets';

export interface TelemetryLimits {
  catalog: readonly string[];
  allow: LabelAllowLists;
  sessionTtlMs: number;
  maxSessions: number;
  /** Series each metric family may hold; past it new label sets fold into `other`. */
  seriesBudget: number;
  /** Unknown titles admitted as themselves while they surge (default 20; 0 folds every one into `other`). */
  maxSurgingTitles?: number;
}

/**
 * Login caches' entries: allow-listed methods, regions, devices and reasons make a few hundred label
 * sets; past this a cache starts afresh (16,384 like the viewers' would add ~0.8 B a session to
 * bench:ingest's count at 1M sessions).
 */
const LOGIN_CACHE_ENTRIES = 2048;

/** Unknown titles admitted as themselves while they surge, unless the limits say otherwise. */
export const DEFAULT_SURGING_TITLES = 20;

/** `stale`: older than the session's newest event (or than one TTL); `session_cap`: the table is full. */
export type RejectReason = 'session_cap' | 'stale';

const STATES: Record<HeartbeatEvent['state'], SessionState> = {
  playing: SessionState.Playing,
  buffering: SessionState.Buffering,
  paused: SessionState.Paused,
  ended: SessionState.Ended,
};
/** RawHeartbeat's state numbers. */
const RAW_STATES = [SessionState.Playing, SessionState.Buffering, SessionState.Paused, SessionState.Ended] as const;
const RAW_STATE_NAMES = ['playing', 'buffering', 'paused', 'ended'] as const;

/** Weighted viewers of one label set at an instant, and those of them buffering. */
export interface ViewerCount {
  labels: ViewerLabelSet;
  viewers: number;
  rebuffering: number;
}

/** Everything the exporter knows from telemetry: sessions and outcome counters, behind the label guard. */
export class TelemetryState {
  readonly guard: LabelGuard;
  readonly viewerLabels: ViewerLabelSets;
  readonly sessions: SessionTable;
  readonly loginAttempts: CounterFamily;
  readonly loginFailures: CounterFamily;
  readonly segmentRequests: CounterFamily;
  readonly segmentFailures: CounterFamily;
  private readonly viewerCache = new LabelSetCache();
  private readonly segmentCache = new LabelSetCache();
  private readonly rawViewerCache = new RawLabelCache();
  private readonly rawSegmentCache = new RawLabelCache();
  /** A login's four raw fields -> its attempt label set, and -> its failure label set. */
  private readonly rawLoginCache = new RawLabelCache(LOGIN_CACHE_ENTRIES);
  private readonly rawLoginFailureCache = new RawLabelCache(LOGIN_CACHE_ENTRIES);
  private cacheVersion = -1;

  constructor(limits: TelemetryLimits) {
    const budget = limits.seriesBudget;
    this.guard = new LabelGuard(limits.catalog, limits.allow, limits.maxSurgingTitles ?? DEFAULT_SURGING_TITLES);
    this.viewerLabels = new ViewerLabelSets(budget);
    const capProblem = sessionCapProblem(limits.maxSessions);
    if (capProblem) throw new Error(capProblem);
    this.sessions = new SessionTable(limits.maxSessions, limits.sessionTtlMs);
    // A failure is counted under the very labels its attempt was counted under (folded with it), so a
    // ratio never divides failures of one label set by requests of another. Its family is sized for every
    // attempt label set times every value of its extra label, so it never folds on its own.
    const reasons = limits.allow.reason.length + 2; // the allow-list, `other` and `unknown`
    this.loginAttempts = new CounterFamily(['method', 'region', 'device'], budget);
    this.loginFailures = new CounterFamily(['method', 'region', 'device', 'reason'], (budget + 1) * reasons);
    this.segmentRequests = new CounterFamily(['title', 'cdn'], budget);
    this.segmentFailures = new CounterFamily(['title', 'cdn', 'status_class'], (budget + 1) * STATUS_CLASSES.length);
    this.segmentTitleOf = this.segmentRequests.labelReader('title');
  }

  /** The title a segment label-set id counts under. */
  private readonly segmentTitleOf: (id: number) => string;

  /** Viewers per label set as of `now` (sessions past their TTL left out), one entry per label set seen. */
  viewerCounts(now = Date.now()): ViewerCount[] {
    const { viewers, rebuffering } = this.sessions.counts(now);
    const sets = this.viewerLabels;
    const counts: ViewerCount[] = [];
    for (let id = 0; id < sets.size; id++)
      counts.push({ labels: sets.labelsOf(id), viewers: viewers[id] ?? 0, rebuffering: rebuffering[id] ?? 0 });
    return counts;
  }

  /** Viewers and buffering viewers per title as of `now`. */
  viewersByTitle(now = Date.now()): Map<string, { viewers: number; rebuffering: number }> {
    // Straight from the counts and titles (no object per label set): read on every scrape and sample.
    const { viewers, rebuffering } = this.sessions.counts(now);
    const sets = this.viewerLabels;
    const byTitle = new Map<string, { viewers: number; rebuffering: number }>();
    for (let id = 0; id < sets.size; id++) {
      const title = sets.titleOf(id);
      let sum = byTitle.get(title);
      if (!sum) byTitle.set(title, (sum = { viewers: 0, rebuffering: 0 }));
      sum.viewers += viewers[id] ?? 0;
      sum.rebuffering += rebuffering[id] ?? 0;
    }
    return byTitle;
  }

  /** Applies one valid event; returns why it was refused, or null. */
  apply(event: TelemetryEvent, now: number): RejectReason | null {
    if (event.type === 'heartbeat') return this.heartbeat(event, now);
    if (event.type === 'login') this.login(event);
    else this.segment(event);
    return null;
  }

  private heartbeat(e: HeartbeatEvent, now: number): RejectReason | null {
    // A client clock ahead of ours counts as now, so it cannot shut out later updates from other sources.
    const at = e.ts === undefined ? now : Math.min(e.ts, now);
    if (e.state === 'ended') return this.sessions.end(e.sid, at, now) === 'stale' ? 'stale' : null;
    const labelSet = this.viewerLabelSet(e);
    // The sid is a key, never a label: hashed whole (the schema bounds it), so `ended` finds what a heartbeat stored.
    const outcome = this.sessions.heartbeat(e.sid, labelSet, STATES[e.state], e.weight, now, at);
    return outcome === 'applied' ? null : outcome === 'refused' ? 'session_cap' : 'stale';
  }

  /**
   * `apply` of a heartbeat still in the request's bytes (see RawHeartbeat): the same steps as for its
   * event, in the same order, with the sid's hash from the scanner (made with this table's seed) and
   * the label set found by the label bytes.
   */
  applyRawHeartbeat(buf: Uint8Array, hb: RawHeartbeat, now: number): RejectReason | null {
    const at = hb.ts < 0 ? now : Math.min(hb.ts, now);
    const table = this.sessions;
    const low = hb.sidHash[0]! | 0; // as int32: passed on unboxed
    const high = hb.sidHash[1]! | 0;
    if (hb.state === 3) return table.endHashed(low, high, at, now) === 'stale' ? 'stale' : null;
    const labelSet = this.rawViewerLabelSet(buf, hb);
    const outcome = table.heartbeatHashed(low, high, labelSet, RAW_STATES[hb.state]!, hb.weight, now, at);
    return outcome === 'applied' ? null : outcome === 'refused' ? 'session_cap' : 'stale';
  }

  private rawViewerLabelSet(buf: Uint8Array, hb: RawHeartbeat): number {
    this.syncCaches();
    const entry = this.rawViewerCache.get(buf, hb);
    if (entry >= 0) {
      // As in viewerLabelSet: an unknown title (folded or admitted) still counts towards surging.
      const cached = entry >> 1;
      if ((entry & 1) === 0) return cached;
      if (!this.guard.noteUnknown(text(buf, hb.titleStart, hb.titleEnd))) return cached;
      this.syncCaches();
    }
    // A miss (or a title just admitted): the event path decides, and its answer is kept if it may be.
    const folded = this.viewerLabels.folded;
    const id = this.viewerLabelSet({
      type: 'heartbeat',
      sid: '', // not read: every label is present
      title: text(buf, hb.titleStart, hb.titleEnd),
      cdn: text(buf, hb.cdnStart, hb.cdnEnd),
      region: text(buf, hb.regionStart, hb.regionEnd),
      device: text(buf, hb.deviceStart, hb.deviceEnd),
      state: RAW_STATE_NAMES[hb.state]!,
      weight: hb.weight,
    });
    if (this.viewerLabels.folded === folded) {
      this.syncCaches(); // the event path may have admitted the title (its own caches started afresh)
      this.rawViewerCache.get(buf, hb); // sets the hash `set` files it under
      this.rawViewerCache.set(buf, hb, rawEntry(id, this.guard.counted(this.viewerLabels.titleOf(id))));
    }
    return id;
  }

  /** The caches hold the guard's answers: they start afresh whenever those may have changed. */
  private syncCaches(): void {
    if (this.guard.answersVersion === this.cacheVersion) return;
    this.viewerCache.clear();
    this.segmentCache.clear();
    this.rawViewerCache.clear();
    this.rawSegmentCache.clear();
    this.rawLoginCache.clear();
    this.rawLoginFailureCache.clear();
    this.cacheVersion = this.guard.answersVersion;
  }

  /** The viewer label set of a heartbeat; the cache answers for events that carry every label. */
  private viewerLabelSet(e: HeartbeatEvent): number {
    const complete = e.cdn !== undefined && e.region !== undefined && e.device !== undefined;
    this.syncCaches();
    const cached = complete ? this.viewerCache.get4(e.title, e.cdn!, e.region!, e.device!) : undefined;
    if (cached !== undefined) {
      // An unknown title still counts towards surging; if this admits it, the next lookup re-asks the guard.
      if (this.guard.counted(this.viewerLabels.titleOf(cached)) && this.guard.noteUnknown(e.title))
        return this.viewerLabelSet(e);
      return cached;
    }
    const g = this.guard;
    const cdn = e.cdn === undefined ? undefined : g.dimension('cdn', e.cdn);
    const region = e.region === undefined ? undefined : g.dimension('region', e.region);
    const device = e.device === undefined ? undefined : g.dimension('device', e.device);
    // A source that does not know a dimension (a CDN log line knows the CDN, a player the device) keeps
    // what the session already has, so two sources of one session never flip its labels.
    let known: ViewerLabelSet | undefined;
    if (cdn === undefined || region === undefined || device === undefined) {
      const previous = this.sessions.labelSetOf(e.sid);
      known = previous === undefined ? undefined : this.viewerLabels.labelsOf(previous);
    }
    const folded = this.viewerLabels.folded;
    const id = this.viewerLabels.idOfLabels({
      title: g.title(e.title),
      cdn: cdn ?? known?.cdn ?? UNKNOWN,
      region: region ?? known?.region ?? UNKNOWN,
      device: device ?? known?.device ?? UNKNOWN,
    });
    if (complete && this.viewerLabels.folded === folded)
      this.viewerCache.set([e.title, e.cdn!, e.region!, e.device!], id);
    return id;
  }

  private login(e: LoginEvent): void {
    const g = this.guard;
    const tuple = [g.dimension('method', e.method), g.dimension('region', e.region), g.dimension('device', e.device)];
    const counted = this.loginAttempts.inc(tuple);
    if (e.outcome === 'failure') this.loginFailures.inc([...counted, g.dimension('reason', e.reason)]);
  }

  /**
   * `apply` of a login still in the request's bytes: its method, region, device and reason in
   * RawLabels' four slots (in that order; an absent one an empty range), hashed by the scanner. The
   * attempt's label set, and a failure's, are found by the bytes, with no string, event or tuple per
   * line; a miss takes the event's steps on its strings (`login`'s), and keeps the ids unless folded.
   */
  applyRawLogin(buf: Uint8Array, labels: RawLabels, failure: boolean): void {
    this.syncCaches();
    let attempt = this.rawLoginCache.get(buf, labels);
    if (attempt < 0) {
      const g = this.guard;
      const sets = this.loginAttempts.sets;
      const folded = sets.folded;
      attempt = sets.idOf([
        g.dimension('method', optionalText(buf, labels.titleStart, labels.titleEnd)),
        g.dimension('region', optionalText(buf, labels.cdnStart, labels.cdnEnd)),
        g.dimension('device', optionalText(buf, labels.regionStart, labels.regionEnd)),
      ]);
      if (sets.folded === folded) this.rawLoginCache.set(buf, labels, attempt);
    }
    this.loginAttempts.incId(attempt);
    if (!failure) return;
    let failed = this.rawLoginFailureCache.get(buf, labels);
    if (failed < 0) {
      const sets = this.loginFailures.sets;
      const folded = sets.folded;
      const reason = this.guard.dimension('reason', optionalText(buf, labels.deviceStart, labels.deviceEnd));
      failed = sets.idOf([...this.loginAttempts.sets.tuples[attempt]!, reason]);
      if (sets.folded === folded) this.rawLoginFailureCache.set(buf, labels, failed);
    }
    this.loginFailures.incId(failed);
  }

  private segment(e: SegmentEvent): void {
    this.countSegment(this.segmentLabelSet(e.title, e.cdn), e.status);
  }

  /**
   * `apply` of a segment result still in the request's bytes (title and cdn hashed by the scanner):
   * a label set of a known title is found by the bytes, with no string or event object; a miss, or an
   * unknown title (which the surging count must see, once), takes the event's own steps on its strings.
   * In process (bench:ingest's segment lines, CPU time, load ~3.4): ~1,200 -> ~530 ns a segment line.
   */
  applyRawSegment(buf: Uint8Array, labels: RawLabels, status: SegmentStatus): void {
    this.syncCaches();
    const entry = this.rawSegmentCache.get(buf, labels);
    if (entry >= 0 && (entry & 1) === 0) return this.countSegment(entry >> 1, status);
    const folded = this.segmentRequests.sets.folded;
    const id = this.segmentLabelSet(
      text(buf, labels.titleStart, labels.titleEnd),
      text(buf, labels.cdnStart, labels.cdnEnd)
    );
    if (this.segmentRequests.sets.folded === folded) {
      this.syncCaches(); // the string path may have admitted the title (the caches started afresh)
      this.rawSegmentCache.get(buf, labels); // sets the hash `set` files it under
      this.rawSegmentCache.set(buf, labels, rawEntry(id, this.guard.counted(this.segmentTitleOf(id))));
    }
    this.countSegment(id, status);
  }

  private segmentLabelSet(title: string, cdn: string): number {
    this.syncCaches();
    const raw = [title, cdn];
    let id = this.segmentCache.get(raw);
    if (id !== undefined && this.guard.counted(this.segmentTitleOf(id)) && this.guard.noteUnknown(title)) {
      this.syncCaches();
      id = undefined;
    }
    if (id === undefined) {
      const sets = this.segmentRequests.sets;
      const folded = sets.folded;
      id = sets.idOf([this.guard.title(title), this.guard.dimension('cdn', cdn)]);
      if (sets.folded === folded) this.segmentCache.set(raw, id);
    }
    return id;
  }

  private countSegment(id: number, status: SegmentStatus): void {
    this.segmentRequests.incId(id);
    const failure = statusClass(status);
    if (failure !== null) this.segmentFailures.inc([...this.segmentRequests.sets.tuples[id]!, failure]);
  }
}

/** A text field's string from its bytes: exactly what JSON.parse gives for a string with no escapes. */
const text = (buf: Uint8Array, start: number, end: number): string =>
  Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');

/**
 * What the raw viewer and segment caches keep for a label set: its id and, in the low bit, whether its
 * events still count towards surging (`LabelGuard.counted`: its title is `other` or admitted as
 * surging; an id's labels never change; the caches start afresh when the guard's answers may). A hit
 * then needs no look at the label set's title string: at bench:peers' 10,000 label sets, a tuple and
 * a string scattered in the heap, cache misses on every heartbeat.
 */
const rawEntry = (id: number, counted: boolean): number => id * 2 + (counted ? 1 : 0);

/** `text` of an optional field: absent (an empty range) is undefined, as validation leaves it out. */
const optionalText = (buf: Uint8Array, start: number, end: number): string | undefined =>
  end > start ? text(buf, start, end) : undefined;
