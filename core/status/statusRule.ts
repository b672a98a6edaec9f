/**
 * The one status rule (docs/forecast.md, "Status"): what every metric, alert and panel reads.
 * - red: a live SLO is breached now, or the P50 path crosses a capacity within RED_HORIZON_MS and a
 *   second signal agrees (`supported`: the observed ramp, carried forward, reaches it within
 *   RED_HORIZON_MS too; before T0, or the P10 path does);
 * - amber: the P90 path crosses a capacity within the event's window (or the P50 does, unsupported);
 * - green: otherwise.
 * The binding resource is the worst one: highest level, then the earliest crossing, then the least headroom.
 */

export const EVENT_STATUSES = ['green', 'amber', 'red'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** How far ahead a P50 crossing turns an event red. */
export const RED_HORIZON_MS = 30 * 60_000;

/** What the rule reads of one resource: its first P50 and P90 crossings (epoch ms) and its headroom. */
export interface ResourceReading {
  resource: string;
  /** First instant the P50 path reaches capacity within the window; absent when it never does. */
  p50At?: number;
  /** First instant the P90 path reaches capacity within the window; absent when it never does. */
  p90At?: number;
  /** 1 − P50 peak demand ÷ capacity (negative when over). */
  headroom: number;
  /**
   * Whether the observed ramp (the series' own trend, carried forward) reaches the capacity within
   * RED_HORIZON_MS (before T0, or the P10 path crosses within it: eventForecast decides). false: a P50 crossing alone, unsupported by the data, is amber, not red (in the
   * backtest most launch false reds were a template rising over a flat series). Absent: not known
   * (no series yet, e.g. a new title forecast from its plan), and the P50 crossing decides alone.
   */
  supported?: boolean;
}

/** What the rule reads of one SLO: `slo:<name>` as the binding resource when breached. */
export interface SloReading {
  slo: string;
  breached: boolean;
}

export interface StatusInput {
  now: number;
  resources: readonly ResourceReading[];
  slos: readonly SloReading[];
}

export interface StatusResult {
  status: EventStatus;
  /** The resource or `slo:<name>` that set the status; absent when nothing has a capacity or an SLO. */
  binding?: string;
}

const LEVEL: Record<EventStatus, number> = { green: 0, amber: 1, red: 2 };

interface Candidate {
  binding: string;
  status: EventStatus;
  /** When it bites: now for an SLO breach, the crossing instant for a resource. */
  at: number;
  headroom: number;
}

function resourceCandidate(now: number, r: ResourceReading): Candidate {
  if (r.p50At !== undefined && r.p50At <= now + RED_HORIZON_MS && r.supported !== false)
    return { binding: r.resource, status: 'red', at: r.p50At, headroom: r.headroom };
  // A P50 crossing implies a P90 one (the band is ordered); read it so even if a caller omitted it.
  const amberAt = r.p90At ?? r.p50At;
  if (amberAt !== undefined) return { binding: r.resource, status: 'amber', at: amberAt, headroom: r.headroom };
  return { binding: r.resource, status: 'green', at: Infinity, headroom: r.headroom };
}

const worse = (a: Candidate, b: Candidate): boolean =>
  LEVEL[a.status] !== LEVEL[b.status]
    ? LEVEL[a.status] > LEVEL[b.status]
    : a.at !== b.at
      ? a.at < b.at
      : a.headroom < b.headroom;

/** The event's status and the resource or SLO that set it (see the rule above). */
export function eventStatus(input: StatusInput): StatusResult {
  let worst: Candidate | undefined;
  for (const slo of input.slos) {
    if (!slo.breached) continue;
    const c: Candidate = { binding: `slo:${slo.slo}`, status: 'red', at: input.now, headroom: -Infinity };
    if (!worst || worse(c, worst)) worst = c;
  }
  for (const r of input.resources) {
    const c = resourceCandidate(input.now, r);
    if (!worst || worse(c, worst)) worst = c;
  }
  if (!worst) return { status: 'green' };
  return { status: worst.status, binding: worst.binding };
}
