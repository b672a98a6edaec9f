import type { TelemetryState } from './telemetryState';

/** Platform counters at one instant: what the forecast service samples. */
export interface TelemetrySample {
  viewersByTitle: Map<string, number>;
  totalViewers: number;
  loginAttempts: number;
  loginFailures: number;
  segmentRequests: number;
  segmentFailures: number;
  /** Sessions admitted so far (cumulative): the second leading signal of an audience arriving. */
  sessionStarts?: number;
  /**
   * Segment requests so far per title, then per CDN (counters, label values after the guard, so bounded).
   * Absent from a source that keeps no per-CDN counts: the forecast then has no per-CDN rates.
   */
  segmentRequestsByTitleCdn?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Platform totals at this instant, for the forecast's rings: summed over label sets, never sessions. */
export function sampleTelemetry(state: TelemetryState, now = Date.now()): Required<TelemetrySample> {
  const viewersByTitle = new Map<string, number>();
  let totalViewers = 0;
  for (const [title, { viewers }] of state.viewersByTitle(now)) {
    viewersByTitle.set(title, viewers);
    totalViewers += viewers;
  }
  const segmentRequestsByTitleCdn = new Map<string, Map<string, number>>();
  for (const { labels, value } of state.segmentRequests.entries()) {
    const { title, cdn } = labels;
    if (title === undefined || cdn === undefined) continue;
    let byCdn = segmentRequestsByTitleCdn.get(title);
    if (!byCdn) segmentRequestsByTitleCdn.set(title, (byCdn = new Map()));
    byCdn.set(cdn, (byCdn.get(cdn) ?? 0) + value);
  }
  return {
    viewersByTitle,
    totalViewers,
    loginAttempts: state.loginAttempts.total(),
    loginFailures: state.loginFailures.total(),
    segmentRequests: state.segmentRequests.total(),
    segmentFailures: state.segmentFailures.total(),
    sessionStarts: state.sessions.started,
    segmentRequestsByTitleCdn,
  };
}
