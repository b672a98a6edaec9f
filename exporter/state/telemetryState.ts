import type { HeartbeatEvent, LoginEvent, SegmentEvent, TelemetryEvent } from '../ingest/eventSchema';
import { CounterFamily } from './counterFamily';
import { LabelGuard, OTHER, type LabelAllowLists } from './labelGuard';
import { LabelSets } from './labelSets';
import { SessionState, SessionTable } from './sessionTable';
import { STATUS_CLASSES, statusClass } from './statusClass';

export interface TelemetryLimits {
  catalog: readonly string[];
  allow: LabelAllowLists;
  sessionTtlMs: number;
  maxSessions: number;
  /** Series each metric family may hold; past it new label sets fold into `other`. */
  seriesBudget: number;
}

export type RejectReason = 'session_cap';

const STATES: Record<HeartbeatEvent['state'], SessionState> = {
  playing: SessionState.Playing,
  buffering: SessionState.Buffering,
  paused: SessionState.Paused,
  ended: SessionState.Free,
};

/** Everything the exporter knows from telemetry: sessions and outcome counters, behind the label guard. */
export class TelemetryState {
  readonly guard: LabelGuard;
  readonly viewerLabels: LabelSets;
  readonly sessions: SessionTable;
  readonly loginAttempts: CounterFamily;
  readonly loginFailures: CounterFamily;
  readonly segmentRequests: CounterFamily;
  readonly segmentFailures: CounterFamily;

  constructor(limits: TelemetryLimits) {
    const budget = limits.seriesBudget;
    this.guard = new LabelGuard(limits.catalog, limits.allow);
    this.viewerLabels = new LabelSets(budget, [OTHER, OTHER, OTHER, OTHER]);
    this.sessions = new SessionTable(limits.maxSessions, limits.sessionTtlMs);
    // A failure is counted under the very labels its attempt was counted under (folded with it), so a
    // ratio never divides failures of one label set by requests of another. Its family is sized for every
    // attempt label set times every value of its extra label, so it never folds on its own.
    const reasons = limits.allow.reason.length + 2; // the allow-list, `other` and `unknown`
    this.loginAttempts = new CounterFamily(['method', 'region', 'device'], budget);
    this.loginFailures = new CounterFamily(['method', 'region', 'device', 'reason'], (budget + 1) * reasons);
    this.segmentRequests = new CounterFamily(['title', 'cdn'], budget);
    this.segmentFailures = new CounterFamily(['title', 'cdn', 'status_class'], (budget + 1) * STATUS_CLASSES.length);
  }

  /** Applies one valid event; returns why it was refused, or null. */
  apply(event: TelemetryEvent, now: number): RejectReason | null {
    if (event.type === 'heartbeat') return this.heartbeat(event, now);
    if (event.type === 'login') this.login(event);
    else this.segment(event);
    return null;
  }

  private heartbeat(e: HeartbeatEvent, now: number): RejectReason | null {
    if (e.state === 'ended') {
      this.sessions.end(e.sid);
      return null;
    }
    const g = this.guard;
    const labelSet = this.viewerLabels.idOf([
      g.title(e.title),
      g.dimension('cdn', e.cdn),
      g.dimension('region', e.region),
      g.dimension('device', e.device),
    ]);
    // The sid is a key, never a label: kept whole (the schema bounds it), so `ended` finds what a heartbeat stored.
    const outcome = this.sessions.heartbeat(e.sid, labelSet, STATES[e.state], e.weight, now);
    return outcome === 'refused' ? 'session_cap' : null;
  }

  private login(e: LoginEvent): void {
    const g = this.guard;
    const tuple = [g.dimension('method', e.method), g.dimension('region', e.region), g.dimension('device', e.device)];
    const counted = this.loginAttempts.inc(tuple);
    if (e.outcome === 'failure') this.loginFailures.inc([...counted, g.dimension('reason', e.reason)]);
  }

  private segment(e: SegmentEvent): void {
    const tuple = [this.guard.title(e.title), this.guard.dimension('cdn', e.cdn)];
    const counted = this.segmentRequests.inc(tuple);
    const failure = statusClass(e.status);
    if (failure !== null) this.segmentFailures.inc([...counted, failure]);
  }
}
