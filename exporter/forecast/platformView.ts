import type { Point } from '../../core/forecast';
import type { HistoryRun } from '../../core/forecast/historyRuns';
import type { HistoryRead } from './historyRead';
import type { PlatformNow, SegmentLoad } from './resourceDemand';

/**
 * What one refresh reads of the platform: every exporter's traffic, summed. In one process the
 * sampler's own rings (the embedded default); with several, Prometheus's sums (prometheusSource).
 */
export interface PlatformView {
  /** A title's viewers, platform-wide, from `since` on (model clock), about a sample a minute. */
  titleSeries(title: string, since: number): Point[] | undefined;
  /**
   * titleSeries with where each point comes from (the rings' HistoryRuns), when the view's series are
   * rings: the forecast memo then finds what changed without reading every point.
   */
  titleHistory?(title: string, since: number): { points: Point[]; runs: HistoryRun[] } | undefined;
  /**
   * titleHistory planned now and copied later (HistoryRead): a sliced refresh plans every title's read
   * at its start and copies each in its own slice, the same points however many samples come between.
   */
  titleRead?(title: string, since: number): HistoryRead | undefined;
  /** The highest full-resolution sample of a title from `since` to `until` (what a minute series can miss). */
  titlePeak(title: string, since: number, until?: number): number | undefined;
  total: PlatformNow;
  segmentLoad?: SegmentLoad;
  /** Live SLO ratios now; undefined without traffic. */
  loginSuccess?: number;
  segmentErrors?: number;
  /** Platform-wide per-second rates that ramp before viewers do (model clock). */
  leading: { loginAttempts?: Point[]; sessionStarts?: Point[] };
}
