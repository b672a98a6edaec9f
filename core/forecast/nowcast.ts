import type { BandPoint, ForecastKind, ForecastMethod, PastEvent, Point } from './types';
import type { TemplateLibrary } from './template';
import type { HistoryRuns } from './historyRuns';
import { bandOffsets, bandPhase, classOfKind, templateFor } from './template';
import { SHIPPED_LIBRARY } from './templates.data';
import { fitLaunchday, type LaunchdayMemo } from './launchday';
import { fitLinear } from './predictLinear';
import { DAMPED_HOLT, PROMETHEUS_HOLT, fitHolt } from './holt';
import { fitSeasonalNaive } from './seasonalNaive';
import { orderedBand, rollingBand, type PathFit } from './rollingBand';
import { cleanHistory, futureTimes, typicalStep } from './series';
import { normalQuantile } from './normalQuantile';

const MIN = 60_000;

export interface NowcastOptions {
  now: number;
  horizonMs: number;
  stepMs: number;
  method?: ForecastMethod;
  kind?: ForecastKind;
  /** The event's start; the template is aligned here. */
  t0?: number;
  /** The event's end: the expected peak is reached within it. */
  end?: number;
  /** Band quantiles reported as p10/p90 (default 0.1 and 0.9). */
  quantiles?: [number, number];
  /** Past events of the reference class (the event-history file). */
  pastEvents?: readonly PastEvent[];
  expectedPeak?: number;
  /** Templates and residual bands; the shipped, data-derived ones by default. */
  library?: TemplateLibrary;
  /**
   * Platform-wide signals that ramp before viewers do (login attempts, session starts per second).
   * Accepted but not used yet: the shared data has no such series beside a viewer curve, so no weight
   * for them could be fitted or scored; the backtest cannot measure them either.
   */
  leading?: { loginAttempts?: readonly Point[]; sessionStarts?: readonly Point[] };
  /**
   * First instant wanted (epoch ms): band points before it are not computed. An event a day away needs
   * only its window, not the 20 hours before it.
   */
  from?: number;
  /** One event's values kept between calls (eventForecast's memo); the band is the same without it. */
  memo?: LaunchdayMemo;
  /** Where the history's points come from (HistoryRuns): the memo's comparison reads them instead of the points. */
  historyRuns?: HistoryRuns;
}

/** Window the baselines look back over: an hour, or six samples of a coarse series. */
const windowFor = (history: readonly Point[], hours: number, end?: number) =>
  Math.max(hours * 60 * MIN, 6 * typicalStep(history, end));

export const BASELINE_FITS: Record<Exclude<ForecastMethod, 'launchday'>, PathFit> = {
  predict_linear: (h, now, end) => fitLinear(h, now, windowFor(h, 1, end), end),
  holt: (h, now, end) => fitHolt(h, now, windowFor(h, 2, end), PROMETHEUS_HOLT, end),
  seasonal_naive: (h, now, end) => fitSeasonalNaive(h, now, undefined, end),
};

/**
 * normalQuantile, kept per p: a band asks for the same two or three each call (it builds four arrays and
 * a closure per call, 2.5% of a refresh's allocation). The same numbers, computed once.
 */
const zKept = new Map<number, number>();
function z(p: number): number {
  let v = zKept.get(p);
  if (v === undefined) {
    v = normalQuantile(p);
    if (zKept.size < 64) zKept.set(p, v);
  }
  return v;
}

const dampedHolt: PathFit = (h, now, end) => fitHolt(h, now, windowFor(h, 2, end), DAMPED_HOLT, end);

/**
 * Forecast band for the next horizon: the launch template rescaled to live data when the event and its
 * kind are known (`launchday`), else damped Holt; or one of the baselines by name.
 * History need not be clean: non-finite samples are dropped and the rest sorted by time.
 */
export function nowcast(history: Point[], opts: NowcastOptions): BandPoint[] {
  try {
    return band(history, opts);
  } finally {
    // The history's clean check holds for this call only (the next may pass the same array, changed).
    opts.memo?.profile.endCall();
  }
}

function band(history: Point[], opts: NowcastOptions): BandPoint[] {
  // The memo's comparison with the history it last read also finds how much of it is clean.
  const clean = cleanHistory(history, opts.memo?.profile.prefixOf(history, opts.historyRuns));
  const times = futureTimes(opts.now, opts.horizonMs, opts.stepMs, opts.from);
  if (clean.length === 0 || times.length === 0) return [];
  const quantiles = opts.quantiles ?? [0.1, 0.9];
  const method = opts.method ?? 'launchday';
  if (method !== 'launchday') return rollingBand(clean, BASELINE_FITS[method], opts.now, times, quantiles) ?? [];

  const library = opts.library ?? SHIPPED_LIBRARY;
  const template = opts.kind ? templateFor(library, opts.kind, opts.expectedPeak) : undefined;
  if (template && opts.t0 !== undefined && opts.kind) {
    const fit = fitLaunchday(clean, {
      template,
      t0: opts.t0,
      now: opts.now,
      ...(opts.end !== undefined ? { end: opts.end } : {}),
      kind: opts.kind,
      pastEvents: opts.pastEvents,
      expectedPeak: opts.expectedPeak,
      memo: opts.memo,
    });
    const phase = bandPhase(opts.now, opts.t0);
    const cls = classOfKind(opts.kind);
    const bands =
      library.bands[opts.kind + phase] ??
      library.bands[cls + phase] ??
      library.bands[opts.kind] ??
      library.bands[cls] ??
      library.bands[`pooled${phase}`] ??
      library.bands.pooled;
    if (fit && bands?.length) {
      // Stored bands are the 80% interval; other quantiles scale it as a normal spread would.
      const z90 = z(0.9);
      const loScale = -z(quantiles[0]) / z90;
      const hiScale = z(quantiles[1]) / z90;
      const offsets = bandOffsets(
        bands,
        times.map((t) => (t - opts.now) / MIN)
      );
      return times.map((t, j) =>
        orderedBand(t, fit.at(t), (offsets[2 * j] as number) * loScale, (offsets[2 * j + 1] as number) * hiScale)
      );
    }
  }
  return rollingBand(clean, dampedHolt, opts.now, times, quantiles) ?? [];
}
