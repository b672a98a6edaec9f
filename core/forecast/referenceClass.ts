import type { ForecastKind, PastEvent, PeakBand } from './types';
import { quantile } from './quantile';

export interface PeakInput {
  kind: ForecastKind;
  baseline: number;
  expectedPeak?: number;
  history: readonly PastEvent[];
  /** Peak ÷ baseline to assume when no past event of this kind is known (the template's). */
  defaultRatio?: number;
}

/** With fewer past events than this, the spread is widened towards the prior spread. */
const MIN_CLASS = 5;
/** Log-space spread (P10..P90 half-width) assumed when the class is too small to say. */
const PRIOR_LOG_SPREAD = 0.35;
const Z90 = 1.2816;

/**
 * Reference-class peak forecast: the same-kind past events' peak ÷ baseline in log space gives the
 * P10/P50/P90 multiplier. A planner's expected peak, when given, takes the P50, corrected by how
 * past plans of the same kind fared (see planCorrection).
 */
export function forecastPeak(input: PeakInput): PeakBand {
  const baseline = Math.max(0, input.baseline);
  const same = input.history.filter((e) => e.kind === input.kind && e.baseline > 0 && e.observedPeak > 0);
  const logRatios = same.map((e) => Math.log(e.observedPeak / e.baseline));
  const priorCenter = Math.log(Math.max(1e-9, input.defaultRatio ?? 1.5));

  const n = logRatios.length;
  // Shrink towards the prior when the class is small: weight n / (n + MIN_CLASS).
  const w = n / (n + MIN_CLASS);
  const center = n ? w * quantile(logRatios, 0.5) + (1 - w) * priorCenter : priorCenter;
  const classLo = n ? quantile(logRatios, 0.1) : priorCenter - PRIOR_LOG_SPREAD;
  const classHi = n ? quantile(logRatios, 0.9) : priorCenter + PRIOR_LOG_SPREAD;
  let lo = Math.min(center - (1 - w) * PRIOR_LOG_SPREAD, w * classLo + (1 - w) * (center - PRIOR_LOG_SPREAD));
  let hi = Math.max(center + (1 - w) * PRIOR_LOG_SPREAD, w * classHi + (1 - w) * (center + PRIOR_LOG_SPREAD));

  let p50 = baseline * Math.exp(center);
  if (input.expectedPeak !== undefined && input.expectedPeak > 0) {
    const { correction, halfWidth } = planCorrection(input.kind, input.history);
    p50 = input.expectedPeak * Math.exp(correction);
    return { p10: p50 * Math.exp(-halfWidth), p50, p90: p50 * Math.exp(halfWidth) };
  }
  // Keep the band ordered and around the median even for a skewed class.
  lo = Math.min(lo - center, -0.02 * Z90);
  hi = Math.max(hi - center, 0.02 * Z90);
  return { p10: p50 * Math.exp(lo), p50, p90: p50 * Math.exp(hi) };
}

/** Fewer same-kind past plans than this say nothing about the planner: the plan stands as given. */
export const MIN_PLANS = 3;
/** Log-space sd of a planner's systematic bias before any past plan is seen (≈ ±35% at P10/P90). */
const PRIOR_BIAS_SD = PRIOR_LOG_SPREAD / Z90;

/**
 * How far to trust a new plan, from the same kind's past plans (actual ÷ planned, in log space).
 * Normal–normal shrinkage: the planner's bias has prior N(0, PRIOR_BIAS_SD²); n past plans with
 * median m and spread s move it to m · n / (n + s²/PRIOR_BIAS_SD²). So a few or scattered plans
 * barely move the plan, many consistent ones move it nearly all the way. s is floored at the prior
 * sd: one plan's miss is never taken as more exact than a plan with no history. Other kinds' plans
 * (a premiere's, a re-login's) do not count, and below MIN_PLANS there is no correction at all.
 * halfWidth is the P10/P90 half-width of the predictive band: one plan's miss plus the bias's
 * remaining uncertainty.
 */
export function planCorrection(
  kind: ForecastKind,
  history: readonly PastEvent[]
): { correction: number; halfWidth: number; plans: number } {
  const bias = history
    .filter((e) => e.kind === kind && e.expectedPeak !== undefined && e.expectedPeak > 0 && e.observedPeak > 0)
    .map((e) => Math.log(e.observedPeak / (e.expectedPeak as number)));
  const n = bias.length;
  if (n < MIN_PLANS) return { correction: 0, halfWidth: PRIOR_LOG_SPREAD, plans: n };
  const spread = Math.max((quantile(bias, 0.9) - quantile(bias, 0.1)) / (2 * Z90), PRIOR_BIAS_SD);
  const noise = spread ** 2;
  const prior = PRIOR_BIAS_SD ** 2;
  const w = n / (n + noise / prior);
  const posteriorVar = 1 / (1 / prior + n / noise);
  return { correction: w * quantile(bias, 0.5), halfWidth: Z90 * Math.sqrt(noise + posteriorVar), plans: n };
}
