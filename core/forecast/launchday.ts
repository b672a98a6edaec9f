import type { ForecastKind, PastEvent, Point } from './types';
import type { LaunchTemplate } from './template';
import { templateRatioAt } from './template';
import { expectedLevel } from './expectedLevel';
import { forecastPeak } from './referenceClass';
import { pointsBetween } from './series';

const MIN = 60_000;
/** Time stretches tried when fitting: launches run faster or slower than the template. */
const STRETCHES = [0.25, 0.4, 0.6, 0.8, 1, 1.25, 1.6, 2.5];
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
 * Rescale the kind's template to the live data: level = E(t) · (1 + a · e(τ / s)), where E is what the
 * series would do without the event (its daily profile scaled to the pre-event level, or the flat
 * baseline), e the template's excess over it, a an amplitude fitted by least squares with the reference class as
 * prior, and s a time stretch. Returns undefined when no template fits (worse than a flat baseline).
 */
export function fitLaunchday(history: readonly Point[], input: LaunchdayInput): LaunchdayFit | undefined {
  const { template, t0, now } = input;
  const expected = expectedLevel(history, t0, now);
  if (!expected) return undefined;
  const { baseline } = expected;
  // The template path's own peak (in baseline units) at amplitude a, on the template grid of the window.
  const grid: { level: number; excess: number }[] = [];
  for (let m = 0; m <= template.windowMin; m += template.stepMin)
    grid.push({ level: expected.at(t0 + m * MIN) / baseline, excess: templateRatioAt(template, m) - 1 });
  const pathPeak = (a: number) => grid.reduce((best, g) => Math.max(best, g.level * (1 + a * g.excess)), 0);
  const peak = forecastPeak({
    kind: input.kind,
    baseline,
    expectedPeak: input.expectedPeak,
    history: input.pastEvents ?? [],
    defaultRatio: pathPeak(1),
  });
  const prior = amplitudeForPeak(grid, peak.p50 / baseline);

  const observed = pointsBetween(history, t0, now);
  // Each sample as its excess over what the series would have done without the event.
  const ys = observed.map((p) => p.v / expected.at(p.t) - 1);
  let best = { amplitude: prior, stretch: 1, sse: Infinity };
  if (observed.length === 0) best.sse = 0;
  let flatSse = 0;
  for (const y of ys) flatSse += y ** 2;
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
    observed.forEach((p, i) => {
      const e = templateRatioAt(template, (p.t - t0) / MIN / stretch) - 1;
      see += e * e;
      sey += e * (ys[i] as number);
    });
    const amplitude = Math.max(0, (sey + lambda * prior) / (see + lambda));
    // The stretch is judged on the data alone (the prior would favour any stretch that lets the
    // amplitude stay near it); a small cost per step away from 1 settles ties towards the template.
    let sse = 0.01 * Math.abs(Math.log(stretch)) * flatSse;
    observed.forEach((p, i) => {
      const e = templateRatioAt(template, (p.t - t0) / MIN / stretch) - 1;
      sse += ((ys[i] as number) - amplitude * e) ** 2;
    });
    if (sse < best.sse) best = { amplitude, stretch, sse };
  }
  // "No template fits": with a few observations, the rescaled template explains less than a flat line.
  // Against a daily profile that flat line is the profile itself (no excess): the series follows its
  // usual day, so the forecast does too (damped Holt would hold a daily rise flat: Sea of Thieves'
  // 10-minute updates fell to -50% at T+1h). Against a flat baseline the caller falls back to Holt.
  if (observed.length >= 3 && best.sse > flatSse * 1.5 + 1e-9) {
    if (!expected.seasonal) return undefined;
    best = { amplitude: 0, stretch: 1, sse: flatSse };
  }

  const { amplitude, stretch } = best;
  const shape = (t: number) => 1 + amplitude * (templateRatioAt(template, (t - t0) / MIN / stretch) - 1);
  const last = observed[observed.length - 1];
  const offset = last ? (ys[ys.length - 1] as number) + 1 - shape(last.t) : 0;
  const anchorT = last?.t ?? now;
  return {
    baseline,
    amplitude,
    stretch,
    at: (t) => expected.at(t) * (shape(t) + offset * Math.exp(-Math.max(0, t - anchorT) / (ANCHOR_DECAY_MIN * MIN))),
  };
}

/**
 * The amplitude whose path peaks at `target` (baseline units): the reference class and the planner speak
 * of peaks, the fit of amplitudes. The path's peak at amplitude a is the highest of lines
 * level·(1 + a·excess), one per grid point, so the smallest a reaching the target is the least of each
 * rising line's own root: exact in one pass (a bisection of 30 rounds over the grid was 3% of a refresh).
 * 1 (the template as it is) when the template cannot rise (no excess); 0 when it already reaches the
 * target at 0; never above 1024.
 */
function amplitudeForPeak(grid: readonly { level: number; excess: number }[], target: number): number {
  let atZero = 0;
  let atEight = 0;
  let best = Infinity;
  for (const g of grid) {
    atZero = Math.max(atZero, g.level);
    atEight = Math.max(atEight, g.level * (1 + 8 * g.excess));
    const slope = g.level * g.excess;
    if (g.level >= target) best = 0;
    else if (slope > 0) best = Math.min(best, (target - g.level) / slope);
  }
  if (!(target > 0) || atEight <= atZero + 1e-9) return 1;
  if (atZero >= target) return 0;
  return Math.min(best, 1024);
}
