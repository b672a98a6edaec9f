import type { ForecastKind, PastEvent, PeakBand, Point } from './types';
import type { LaunchTemplate } from './template';
import { templateRatioAt } from './template';
import { expectedLevel, ProfileMemo, type ExpectedLevel } from './expectedLevel';
import { forecastPeak } from './referenceClass';
import { lowerBound } from './series';

const MIN = 60_000;
/** Time stretches tried when fitting: launches run faster or slower than the template. */
const STRETCHES = [0.25, 0.4, 0.6, 0.8, 1, 1.25, 1.6, 2.5];
/** How many observations the prior amplitude is worth. */
const PRIOR_WEIGHT = 4;
/** Fewer in-event samples than this say too little about timing: the stretch stays 1. */
const MIN_FOR_STRETCH = 4;
/** The last observation's offset fades over this many minutes. */
const ANCHOR_DECAY_MIN = 30;
/** Before T0, a sample this close to it holds its excess to T0 (early arrivals); older ones do not. */
const EARLY_ARRIVALS_MIN = 120;
/** The profile's node step (expectedLevel reads it on a 5-minute grid). */
const NODE_MS = 5 * MIN;

export interface LaunchdayInput {
  template: LaunchTemplate;
  t0: number;
  now: number;
  kind: ForecastKind;
  pastEvents?: readonly PastEvent[];
  expectedPeak?: number;
  /**
   * The event's end: the reference class's and the plan's peak is the event's, so the prior amplitude
   * reaches it within the event (a 76-minute airing does not wait for a template's 3-hour peak).
   */
  end?: number;
  /** Values kept between calls for this event (a refresh keeps it for the next); the fit is the same without it. */
  memo?: LaunchdayMemo;
}

export interface LaunchdayFit {
  baseline: number;
  amplitude: number;
  stretch: number;
  /** Forecast level at t (the median path). */
  at: (t: number) => number;
}

/**
 * What one event's fit keeps between calls: its daily profile (ProfileMemo), the prior (the template's
 * path over the window, the reference class, the prior amplitude) while the expectation, template,
 * plan and past events it came from are the same, and the template's excess at each observed instant.
 */
export class LaunchdayMemo {
  readonly profile = new ProfileMemo();
  prior?: {
    template: LaunchTemplate;
    t0: number;
    end: number | undefined;
    kind: ForecastKind;
    expectedPeak: number | undefined;
    pastCopy: Float64Array;
    pastKinds: ForecastKind[];
    baseline: number;
    scale: number;
    seasonal: boolean;
    generation: number;
    rewrites: number;
    level: Float64Array;
    excess: Float64Array;
    peak: PeakBand;
    prior: number;
    lambda: number;
  };
  /** The template's excess at the observed instants since T0, per stretch: instants eTimes, values eValues[s·cap + i]. */
  excessFor?: { template: LaunchTemplate; t0: number };
  eTimes = new Float64Array(0);
  eValues = new Float64Array(0);
  eCount = 0;
}

/** Past events as numbers, to tell whether a later call's are the same. */
function pastValues(past: readonly PastEvent[] | undefined): Float64Array {
  const out = new Float64Array((past?.length ?? 0) * 3);
  past?.forEach((e, i) => {
    out[3 * i] = e.baseline;
    out[3 * i + 1] = e.observedPeak;
    out[3 * i + 2] = e.expectedPeak ?? NaN;
  });
  return out;
}

function samePast(past: readonly PastEvent[] | undefined, copy: Float64Array, kinds: readonly ForecastKind[]): boolean {
  const n = past?.length ?? 0;
  if (n * 3 !== copy.length) return false;
  for (let i = 0; i < n; i++) {
    const e = (past as readonly PastEvent[])[i] as PastEvent;
    if (e.kind !== kinds[i] || !Object.is(e.baseline, copy[3 * i]) || !Object.is(e.observedPeak, copy[3 * i + 1]))
      return false;
    if (!Object.is(e.expectedPeak ?? NaN, copy[3 * i + 2])) return false;
  }
  return true;
}

/**
 * Rescale the kind's template to the live data: level = E(t) · (1 + a · e(τ / s)), where E is what the
 * series would do without the event (its daily profile scaled to the pre-event level, or the flat
 * baseline), e the template's excess over it, a an amplitude fitted by least squares with the reference class as
 * prior, and s a time stretch. Returns undefined when no template fits (worse than a flat baseline).
 */
export function fitLaunchday(history: readonly Point[], input: LaunchdayInput): LaunchdayFit | undefined {
  const { template, t0, now } = input;
  const memo = input.memo;
  const expected = expectedLevel(history, t0, now, memo?.profile);
  if (!expected) return undefined;
  const { baseline } = expected;
  // The template path over the window (baseline units), the reference class and the prior amplitude
  // depend on the expectation over the window, the template, the plan and the past events only: kept
  // while those are the same (every grid instant's profile kept in both calls, same generation, baseline
  // and scale).
  const gridEnd = t0 + template.windowMin * MIN + NODE_MS;
  let kept = memo?.prior;
  if (
    !kept ||
    kept.template !== template ||
    kept.t0 !== t0 ||
    kept.end !== input.end ||
    kept.kind !== input.kind ||
    !Object.is(kept.expectedPeak, input.expectedPeak) ||
    !Object.is(kept.baseline, baseline) ||
    !Object.is(kept.scale, expected.scale) ||
    kept.seasonal !== expected.seasonal ||
    kept.generation !== expected.generation ||
    kept.rewrites !== expected.rewrites ||
    gridEnd > expected.keptThrough ||
    !samePast(input.pastEvents, kept.pastCopy, kept.pastKinds)
  ) {
    // The template path's own peak (in baseline units) at amplitude a, on the template grid of the window
    // up to the event's end.
    const lastMin = input.end === undefined ? template.windowMin : Math.min(template.windowMin, (input.end - t0) / MIN);
    const count = Math.floor(Math.max(0, lastMin) / template.stepMin) + 1;
    const level = new Float64Array(count);
    const excess = new Float64Array(count);
    let gridE2 = 0;
    let gridN = 0;
    for (let m = 0, i = 0; i < count; m += template.stepMin, i++) {
      level[i] = expected.at(t0 + m * MIN) / baseline;
      const r = templateRatioAt(template, m);
      excess[i] = r - 1;
      // The prior is worth PRIOR_WEIGHT observations of the template's typical excess.
      gridE2 += (r - 1) ** 2;
      gridN++;
    }
    const peak = forecastPeak({
      kind: input.kind,
      baseline,
      expectedPeak: input.expectedPeak,
      history: input.pastEvents ?? [],
      defaultRatio: pathPeak(level, excess, 1),
    });
    kept = {
      template,
      t0,
      end: input.end,
      kind: input.kind,
      expectedPeak: input.expectedPeak,
      pastCopy: pastValues(input.pastEvents),
      pastKinds: input.pastEvents?.map((e) => e.kind) ?? [],
      baseline,
      scale: expected.scale,
      seasonal: expected.seasonal,
      generation: expected.generation,
      rewrites: expected.rewrites,
      level,
      excess,
      peak,
      prior: amplitudeForPeak(level, excess, peak.p50 / baseline),
      lambda: PRIOR_WEIGHT * (gridE2 / Math.max(1, gridN)),
    };
    // Kept only when the whole grid was read from kept profile values (else it may change with now).
    if (memo && gridEnd <= expected.keptThrough) memo.prior = kept;
  }
  const { prior, lambda } = kept;

  // The samples since T0, as an index range of the history (no copy).
  const from = lowerBound(history, t0);
  let to = from;
  while (to < history.length && (history[to] as Point).t <= now) to++;
  const n = to - from;
  // Each sample as its excess over what the series would have done without the event.
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = history[from + i] as Point;
    ys[i] = p.v / expected.at(p.t) - 1;
  }
  const stretches = n >= MIN_FOR_STRETCH ? STRETCHES : n ? [1] : [];
  const { values: excessAt, stride } = excessTable(memo, template, t0, history, from, n, stretches);
  let best = { amplitude: prior, stretch: 1, sse: Infinity };
  if (n === 0) best.sse = 0;
  let flatSse = 0;
  for (let i = 0; i < n; i++) flatSse += (ys[i] as number) ** 2;
  for (let s = 0; s < stretches.length; s++) {
    const stretch = stretches[s] as number;
    const row = s * stride;
    let see = 0,
      sey = 0;
    for (let i = 0; i < n; i++) {
      const e = excessAt[row + i] as number;
      see += e * e;
      sey += e * (ys[i] as number);
    }
    const amplitude = Math.max(0, (sey + lambda * prior) / (see + lambda));
    // The stretch is judged on the data alone (the prior would favour any stretch that lets the
    // amplitude stay near it); a small cost per step away from 1 settles ties towards the template.
    let sse = 0.01 * Math.abs(Math.log(stretch)) * flatSse;
    for (let i = 0; i < n; i++) sse += ((ys[i] as number) - amplitude * (excessAt[row + i] as number)) ** 2;
    if (sse < best.sse) best = { amplitude, stretch, sse };
  }
  // "No template fits": with a few observations, the rescaled template explains less than a flat line.
  // Against a daily profile that flat line is the profile itself (no excess): the series follows its
  // usual day, so the forecast does too (damped Holt would hold a daily rise flat: Sea of Thieves'
  // 10-minute updates fell to -50% at T+1h). Against a flat baseline the caller falls back to Holt.
  if (n >= 3 && best.sse > flatSse * 1.5 + 1e-9) {
    if (!expected.seasonal) return undefined;
    best = { amplitude: 0, stretch: 1, sse: flatSse };
  }

  const { amplitude, stretch } = best;
  const shape = new TemplateShape(template, t0, amplitude, stretch);
  const last = n ? (history[to - 1] as Point) : undefined;
  if (!last) {
    // Before T0: the last sample's excess over what the series would do is the event's early arrivals
    // (a lobby filling before a premiere). They stay for the start: held to T0, fading after it as the
    // fit's anchor does. Without it the path fell back to the pre-event median, below what was seen
    // (got-s7e1: 22.7k viewers at T0-75 min, a P50 of 8.2k at T0-60). A dip below it is not held.
    const pre = from > 0 ? (history[from - 1] as Point) : undefined;
    const early =
      pre && pre.t <= now && t0 - pre.t <= EARLY_ARRIVALS_MIN * MIN
        ? Math.max(0, pre.v / expected.at(pre.t) - shape.at(pre.t))
        : 0;
    if (early > 0) return new AnchoredFit(baseline, amplitude, stretch, expected, shape, early, t0);
  }
  const offset = last ? (ys[n - 1] as number) + 1 - shape.at(last.t) : 0;
  const anchorT = last?.t ?? now;
  return new AnchoredFit(baseline, amplitude, stretch, expected, shape, offset, anchorT);
}

/**
 * The rescaled template's shape, 1 + a · e(τ / s). This and AnchoredFit are classes, not closures per
 * fit: tsx (keepNames) names every closure made with Object.defineProperty.
 */
class TemplateShape {
  constructor(
    private readonly template: LaunchTemplate,
    private readonly t0: number,
    private readonly amplitude: number,
    private readonly stretch: number
  ) {}

  at(t: number): number {
    return 1 + this.amplitude * (templateRatioAt(this.template, (t - this.t0) / MIN / this.stretch) - 1);
  }
}

/**
 * The fit's level: the expectation times the shape plus an offset (the last observation's, or the
 * early arrivals') that fades from `from` over ANCHOR_DECAY_MIN.
 */
class AnchoredFit implements LaunchdayFit {
  constructor(
    readonly baseline: number,
    readonly amplitude: number,
    readonly stretch: number,
    private readonly expected: ExpectedLevel,
    private readonly shape: TemplateShape,
    private readonly offset: number,
    private readonly from: number
  ) {}

  at(t: number): number {
    return (
      this.expected.at(t) *
      (this.shape.at(t) + this.offset * Math.exp(-Math.max(0, t - this.from) / (ANCHOR_DECAY_MIN * MIN)))
    );
  }
}

/**
 * The template's excess e(τ / s) at each observed instant and stretch, row s at `values[s·stride + i]`:
 * a function of the instant alone. With a memo the table lives in it: the instants it already holds, in
 * the same order from the first sample since T0 (a refresh adds a sample or two at the end), are kept,
 * and only the rest is computed (copying the whole table in and out each call was ~10% of a refresh).
 */
function excessTable(
  memo: LaunchdayMemo | undefined,
  template: LaunchTemplate,
  t0: number,
  history: readonly Point[],
  from: number,
  n: number,
  stretches: readonly number[]
): { values: Float64Array; stride: number } {
  if (!memo || stretches.length !== STRETCHES.length) {
    const out = new Float64Array(stretches.length * n);
    for (let i = 0; i < n; i++) {
      const t = (history[from + i] as Point).t;
      for (let s = 0; s < stretches.length; s++) out[s * n + i] = excessAt(template, t0, t, stretches[s] as number);
    }
    return { values: out, stride: n };
  }
  const same = memo.excessFor?.template === template && memo.excessFor.t0 === t0;
  let kept = 0;
  if (same) {
    const limit = Math.min(n, memo.eCount);
    while (kept < limit && memo.eTimes[kept] === (history[from + kept] as Point).t) kept++;
  }
  if (memo.eTimes.length < n) {
    // Grown by half again (a sample or two a refresh), the kept rows moved to the new stride.
    const size = Math.max(n, memo.eTimes.length + (memo.eTimes.length >> 1), 64);
    const times = new Float64Array(size);
    const values = new Float64Array(size * STRETCHES.length);
    times.set(memo.eTimes.subarray(0, kept));
    const old = memo.eTimes.length;
    for (let s = 0; s < STRETCHES.length; s++) values.set(memo.eValues.subarray(s * old, s * old + kept), s * size);
    memo.eTimes = times;
    memo.eValues = values;
  }
  const stride = memo.eTimes.length;
  for (let i = kept; i < n; i++) {
    const t = (history[from + i] as Point).t;
    memo.eTimes[i] = t;
    for (let s = 0; s < STRETCHES.length; s++)
      memo.eValues[s * stride + i] = excessAt(template, t0, t, stretches[s] as number);
  }
  memo.eCount = n;
  if (!same) memo.excessFor = { template, t0 };
  return { values: memo.eValues, stride };
}

/** The template's excess at instant t, stretched by `stretch`. */
function excessAt(template: LaunchTemplate, t0: number, t: number, stretch: number): number {
  return templateRatioAt(template, (t - t0) / MIN / stretch) - 1;
}

/** The path's peak (baseline units) at amplitude a: the highest level·(1 + a·excess) over the grid. */
function pathPeak(level: Float64Array, excess: Float64Array, a: number): number {
  let best = 0;
  for (let i = 0; i < level.length; i++) best = Math.max(best, (level[i] as number) * (1 + a * (excess[i] as number)));
  return best;
}

/**
 * The amplitude whose path peaks at `target` (baseline units): the reference class and the planner speak
 * of peaks, the fit of amplitudes. The path's peak at amplitude a is the highest of lines
 * level·(1 + a·excess), one per grid point, so the smallest a reaching the target is the least of each
 * rising line's own root: exact in one pass (a bisection of 30 rounds over the grid was 3% of a refresh).
 * 1 (the template as it is) when the template cannot rise (no excess); 0 when it already reaches the
 * target at 0; never above 1024.
 */
function amplitudeForPeak(level: Float64Array, excess: Float64Array, target: number): number {
  let atZero = 0;
  let atEight = 0;
  let best = Infinity;
  for (let i = 0; i < level.length; i++) {
    const l = level[i] as number;
    const x = excess[i] as number;
    atZero = Math.max(atZero, l);
    atEight = Math.max(atEight, l * (1 + 8 * x));
    const slope = l * x;
    if (l >= target) best = 0;
    else if (slope > 0) best = Math.min(best, (target - l) / slope);
  }
  if (!(target > 0) || atEight <= atZero + 1e-9) return 1;
  if (atZero >= target) return 0;
  return Math.min(best, 1024);
}
