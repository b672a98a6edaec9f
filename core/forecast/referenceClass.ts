import type { ForecastKind, PastEvent, PeakBand } from './types';
import { quantile } from './series';

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
 * P10/P50/P90 multiplier. A planner's expected peak, when given, takes the P50, corrected by the
 * median log ratio of actual ÷ planned over past events that had a plan.
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
    const planned = input.history.filter(
      (e) => e.expectedPeak !== undefined && e.expectedPeak > 0 && e.observedPeak > 0
    );
    const bias = planned.map((e) => Math.log(e.observedPeak / (e.expectedPeak as number)));
    const correction = bias.length ? quantile(bias, 0.5) : 0;
    const spread = bias.length >= 3 ? (quantile(bias, 0.9) - quantile(bias, 0.1)) / 2 : PRIOR_LOG_SPREAD;
    p50 = input.expectedPeak * Math.exp(correction);
    lo = -Math.max(spread, 0.05);
    hi = Math.max(spread, 0.05);
    return { p10: p50 * Math.exp(lo), p50, p90: p50 * Math.exp(hi) };
  }
  // Keep the band ordered and around the median even for a skewed class.
  lo = Math.min(lo - center, -0.02 * Z90);
  hi = Math.max(hi - center, 0.02 * Z90);
  return { p10: p50 * Math.exp(lo), p50, p90: p50 * Math.exp(hi) };
}
