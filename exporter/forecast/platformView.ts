import type { Point } from '../../core/forecast';
import type { PlatformNow, SegmentLoad } from './resourceDemand';

/**
 * What one refresh reads of the platform: every exporter's traffic, summed. In one process the
 * sampler's own rings (the embedded default); with several, Prometheus's sums (prometheusSource).
 */
export interface PlatformView {
  /** A title's viewers, platform-wide, from `since` on (model clock), about a sample a minute. */
  titleSeries(title: string, since: number): Point[] | undefined;
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
