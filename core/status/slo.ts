/** The live SLOs the status rule reads: login success must stay at or above its objective, segment errors at or below theirs. */
export type SloName = 'login_success' | 'segment_errors';

export interface SloObjectives {
  login_success: number;
  segment_errors: number;
}

/** Defaults, as in the alert rules and the panel's strips: 99% of logins succeed, at most 1% of segments fail. */
export const DEFAULT_SLO_OBJECTIVES: SloObjectives = { login_success: 0.99, segment_errors: 0.01 };

/** Whether the ratio now breaches the objective; no ratio (no attempts, no requests) is no breach. */
export function sloBreached(slo: SloName, ratio: number | undefined, objective: number): boolean {
  if (ratio === undefined || !Number.isFinite(ratio)) return false;
  return slo === 'login_success' ? ratio < objective : ratio > objective;
}
