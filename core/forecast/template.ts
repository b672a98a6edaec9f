import type { ForecastKind } from './types';
import { EVENT_WINDOW_MIN } from './eventWindow';

/** A normalised launch curve: level ÷ pre-event baseline on a fixed grid, aligned at T0. */
export interface LaunchTemplate {
  kind: ForecastKind;
  /** Grid step and first offset from T0, in minutes. */
  stepMin: number;
  startMin: number;
  /** The event window: the peak is looked for in [T0, T0 + windowMin]. */
  windowMin: number;
  /** Median ratio to baseline at startMin, startMin + stepMin, … */
  ratio: number[];
  /** How the curve was obtained (real events, or a stated assumption). */
  source: string;
}

/** Log-residual quantiles log(actual ÷ forecast) for horizons up to maxHorizonMin. */
export interface HorizonBand {
  maxHorizonMin: number;
  lo: number;
  hi: number;
  n: number;
  /** The bucket's typical horizon (median of its residuals'): bands are interpolated between these. */
  atHorizonMin?: number;
}

export interface TemplateLibrary {
  templates: Partial<Record<ForecastKind, LaunchTemplate>>;
  /**
   * Residual bands keyed by kind plus phase (see bandPhase): `relogin`, `relogin:pre`, `relogin:early`, `relogin:mid`;
   * `pooled…` for kinds with too few events.
   */
  bands: Partial<Record<string, HorizonBand[]>>;
}

/** The template's ratio τ minutes after T0 (flat 1 before the grid, last value after it). */
export function templateRatioAt(template: LaunchTemplate, minutes: number): number {
  const { ratio, startMin, stepMin } = template;
  if (ratio.length === 0) return 1;
  const pos = (minutes - startMin) / stepMin;
  if (pos <= 0) return minutes < startMin ? 1 : (ratio[0] as number);
  if (pos >= ratio.length - 1) return ratio[ratio.length - 1] as number;
  const i = Math.floor(pos);
  const a = ratio[i] as number;
  return a + ((ratio[i + 1] as number) - a) * (pos - i);
}

/** Highest ratio inside the event window. */
export function templatePeakRatio(template: LaunchTemplate): number {
  let peak = 1;
  for (let m = 0; m <= template.windowMin; m += template.stepMin) peak = Math.max(peak, templateRatioAt(template, m));
  return peak;
}

/**
 * Band quantiles for a horizon. Buckets that carry their typical horizon are interpolated linearly
 * between those (flat before the first and after the last), so the band widens smoothly with the
 * horizon instead of in steps at the bucket edges; older libraries without it pick their bucket.
 */
export function bandFor(bands: readonly HorizonBand[] | undefined, horizonMin: number): HorizonBand | undefined {
  if (!bands || bands.length === 0) return undefined;
  const i = bandIndex(bands, horizonMin);
  const b = bands[i] as HorizonBand;
  if (b.atHorizonMin === undefined || i === 0 || horizonMin >= b.atHorizonMin) return b;
  const { lo, hi } = interpolated(bands, i, horizonMin);
  return { ...b, lo, hi };
}

/** Where a horizon falls: the first interpolation anchor at or beyond it (or the first bucket reaching it). */
function bandIndex(bands: readonly HorizonBand[], horizonMin: number): number {
  const anchored = bands.every((b) => b.atHorizonMin !== undefined);
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i] as HorizonBand;
    if (horizonMin <= (anchored ? (b.atHorizonMin as number) : b.maxHorizonMin)) return i;
  }
  return bands.length - 1;
}

function interpolated(bands: readonly HorizonBand[], i: number, horizonMin: number): { lo: number; hi: number } {
  const a = bands[i - 1] as HorizonBand;
  const b = bands[i] as HorizonBand;
  const span = (b.atHorizonMin as number) - (a.atHorizonMin as number);
  const w = span > 0 ? Math.max(0, Math.min(1, (horizonMin - (a.atHorizonMin as number)) / span)) : 1;
  return { lo: a.lo + (b.lo - a.lo) * w, hi: a.hi + (b.hi - a.hi) * w };
}

/**
 * The band offsets along a path, horizons ascending: one pass, no allocation per point (a refresh
 * reads some 100,000 of them). Same values as bandFor.
 */
export function bandOffsets(bands: readonly HorizonBand[], horizonsMin: readonly number[]): Float64Array {
  const out = new Float64Array(horizonsMin.length * 2);
  const anchored = bands.every((b) => b.atHorizonMin !== undefined);
  let i = 0;
  horizonsMin.forEach((h, j) => {
    while (i < bands.length - 1 && h > ((anchored ? bands[i]?.atHorizonMin : bands[i]?.maxHorizonMin) as number)) i++;
    const b = bands[i] as HorizonBand;
    const inner = anchored && i > 0 && h < (b.atHorizonMin as number);
    const { lo, hi } = inner ? interpolated(bands, i, h) : b;
    out[2 * j] = lo;
    out[2 * j + 1] = hi;
  });
  return out;
}

/** Launch kinds without a template of their own borrow the nearest launch class's, in this order. */
const LAUNCH_FALLBACK: readonly ForecastKind[] = ['episode', 'premiere', 'live'];

/**
 * The kind's template, else (for premiere, episode, live) another launch kind's: a launch with no
 * curve of its own kind still rises like a launch, which the data fits better than damped Holt.
 * Re-logins have no stand-in. A rebroadcast is no launch by default (it falls back to Holt), but one
 * with a planned peak is a scheduled airing the planner expects a crowd for: it borrows a launch's rise,
 * so the plan shapes its path (with Holt, the GoT finale's 20:40 airing, planned at 300k and peaking at
 * 450k, was forecast at 30k from the 26k already watching).
 */
export function templateFor(
  library: TemplateLibrary,
  kind: ForecastKind,
  expectedPeak?: number
): LaunchTemplate | undefined {
  const own = library.templates[kind];
  const planned = kind === 'rebroadcast' && expectedPeak !== undefined && expectedPeak > 0;
  if (own || !(LAUNCH_FALLBACK.includes(kind) || planned)) return own;
  for (const k of LAUNCH_FALLBACK) {
    const t = library.templates[k];
    if (t) return borrowed(t, kind);
  }
  return undefined;
}

/** A borrowed template, made once per template and kind: the same object each time (a fit's memo keys on it). */
const borrowedTemplates = new WeakMap<LaunchTemplate, Map<ForecastKind, LaunchTemplate>>();
function borrowed(t: LaunchTemplate, kind: ForecastKind): LaunchTemplate {
  let byKind = borrowedTemplates.get(t);
  if (!byKind) borrowedTemplates.set(t, (byKind = new Map()));
  let out = byKind.get(kind);
  if (!out) byKind.set(kind, (out = { ...t, kind, windowMin: EVENT_WINDOW_MIN[kind] }));
  return out;
}

/** The class a kind is scored and calibrated in: re-login storms apart from launches. */
export const classOfKind = (kind: ForecastKind): 'launch' | 'relogin' => (kind === 'relogin' ? 'relogin' : 'launch');

/**
 * Which residual band applies. Uncertainty shrinks as the surge is watched: before T0 the baseline
 * itself is a guess (`:pre`); in the first ten minutes one or two samples are known (`:early`); up
 * to half an hour the amplitude is still settling (`:mid`); after that the fit has settled ('').
 */
export function bandPhase(now: number, t0: number): '' | ':pre' | ':early' | ':mid' {
  if (now < t0) return ':pre';
  if (now < t0 + 10 * 60_000) return ':early';
  return now < t0 + 30 * 60_000 ? ':mid' : '';
}

export const HORIZON_BUCKETS_MIN = [10, 20, 40, 75, 150, 360, 900, 1800, Infinity] as const;
