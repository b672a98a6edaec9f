import type { Point } from '../../core/forecast';
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
   * titleSeries planned now and copied later, with where each point comes from (HistoryRead: the rings'
   * runs), when the view's series are rings: a refresh plans every title's read at its start and copies
   * each when it forecasts it (a sliced one in its own slice), the same points however many samples come
   * between, and the forecast memo finds what changed from the runs without reading every point.
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
