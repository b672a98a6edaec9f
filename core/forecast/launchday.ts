import type { ForecastKind, PastEvent, Point } from './types';
import type { LaunchTemplate } from './template';
import { templatePeakRatio, templateRatioAt } from './template';
import { eventBaseline } from './baseline';
import { forecastPeak } from './referenceClass';
import { pointsBetween } from './series';

const MIN = 60_000;
/** Time stretches tried when fitting: launches run faster or slower than the template. */
const STRETCHES = [0.6, 0.8, 1, 1.25, 1.6];
/** How many observations the prior amplitude is worth. */
const PRIOR_WEIGHT = 4;
/** Fewer in-event samples than this say too little about timing: the stretch stays 1. */
const MIN_FOR_STRETCH = 4;
/** The last observation's offset fades over this many minutes. */
const ANCHOR_DECAY_MIN = 30;

export interface LaunchdayInput {
  template: LaunchTemplate;
  t0: number;
  now: number;
  kind: ForecastKind;
  pastEvents?: readonly PastEvent[];
  expectedPeak?: number;
}

export interface LaunchdayFit {
  baseline: number;
  amplitude: number;
  stretch: number;
  /** Forecast level at t (the median path). */
  at: (t: number) => number;
}

/**
 * Rescale the kind's template to the live data: level = baseline · (1 + a · e(τ / s)), where e is the
 * template's excess over baseline, a an amplitude fitted by least squares with the reference class as
 * prior, and s a time stretch. Returns undefined when no template fits (worse than a flat baseline).
 */
export function fitLaunchday(history: readonly Point[], input: LaunchdayInput): LaunchdayFit | undefined {
  const { template, t0, now } = input;
  const baseline = eventBaseline(history, t0, now);
  if (baseline === undefined || !(baseline > 0)) return undefined;
  const templatePeak = templatePeakRatio(template);
  const excessPeak = templatePeak - 1;
  const peak = forecastPeak({
    kind: input.kind,
    baseline,
    expectedPeak: input.expectedPeak,
    history: input.pastEvents ?? [],
    defaultRatio: templatePeak,
  });
  const prior = Math.abs(excessPeak) > 1e-6 ? (peak.p50 / baseline - 1) / excessPeak : 1;

  const observed = pointsBetween(history, t0, now);
  let best = { amplitude: prior, stretch: 1, sse: Infinity };
  if (observed.length === 0) best.sse = 0;
  let flatSse = 0;
  for (const p of observed) flatSse += (p.v / baseline - 1) ** 2;
  // The prior is worth PRIOR_WEIGHT observations of the template's typical excess.
  let gridE2 = 0,
    gridN = 0;
  for (let m = 0; m <= template.windowMin; m += template.stepMin) {
    gridE2 += (templateRatioAt(template, m) - 1) ** 2;
    gridN++;
  }
  const lambda = PRIOR_WEIGHT * (gridE2 / Math.max(1, gridN));
  for (const stretch of observed.length >= MIN_FOR_STRETCH ? STRETCHES : observed.length ? [1] : []) {
    let see = 0,
      sey = 0;
    for (const p of observed) {
      const e = templateRatioAt(template, (p.t - t0) / MIN / stretch) - 1;
      see += e * e;
      sey += e * (p.v / baseline - 1);
    }
    const amplitude = Math.max(0, (sey + lambda * prior) / (see + lambda));
    // The stretch is judged on the data alone (the prior would favour any stretch that lets the
    // amplitude stay near it); a small cost per step away from 1 settles ties towards the template.
    let sse = 0.01 * Math.abs(Math.log(stretch)) * flatSse;
    for (const p of observed) {
      const e = templateRatioAt(template, (p.t - t0) / MIN / stretch) - 1;
      sse += (p.v / baseline - 1 - amplitude * e) ** 2;
    }
    if (sse < best.sse) best = { amplitude, stretch, sse };
  }
  // "No template fits": with a few observations, the rescaled template explains less than a flat line.
  if (observed.length >= 3 && best.sse > flatSse * 1.5 + 1e-9) return undefined;

  const { amplitude, stretch } = best;
  const shape = (t: number) => 1 + amplitude * (templateRatioAt(template, (t - t0) / MIN / stretch) - 1);
  const last = observed[observed.length - 1];
  const offset = last ? last.v / baseline - shape(last.t) : 0;
  const anchorT = last?.t ?? now;
  return {
    baseline,
    amplitude,
    stretch,
    at: (t) => baseline * (shape(t) + offset * Math.exp(-Math.max(0, t - anchorT) / (ANCHOR_DECAY_MIN * MIN))),
  };
}
