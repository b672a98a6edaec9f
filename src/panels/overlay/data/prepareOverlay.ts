import type { DataFrame, PanelData } from '@grafana/data';

import type { CalendarEvent } from '../../../../core/calendar/event';
import { type BandPoint, type Point, timeToSaturation } from '../../../../core/forecast';
import { forecastBand } from '../forecast/forecastBand';
import { type HeadroomBadge, headroomBadges } from '../forecast/headroomBadges';
import type { OverlayOptions } from '../types';
import { capacityAt, capacityPoints } from './capacity';
import { type EventRead, eventsFromAnnotations, eventsFromSeries, mergeEvents } from './events';
import { loginSuccess, segmentErrors } from './ratios';
import { groupByRole } from './roles';
import { seriesOf } from './series';
import { foldTopTitles, type ViewerTimeline } from './viewers';

/** Everything the overlay draws, computed once per data or options change. */
export interface OverlayModel {
  kind: 'ready';
  now: number;
  from: number;
  to: number;
  viewers: ViewerTimeline;
  capacity: Point[];
  events: CalendarEvent[];
  band: BandPoint[];
  saturation: { p50?: number; p90?: number };
  badges: HeadroomBadge[];
  loginSuccess: Point[];
  segmentErrors: Point[];
  /** Things the user should know but that do not stop the panel (skipped events, missing strips). */
  notices: string[];
}

/** A state that replaces the panel, with what to fix. */
export interface OverlayProblem {
  kind: 'no-data' | 'misconfigured';
  title: string;
  fix: string;
}

function readEvents(data: PanelData, options: OverlayOptions, events: DataFrame[] | undefined): EventRead {
  const fromSeries = options.calendarSource === 'annotations' ? { events: [], skipped: 0 } : eventsFromSeries(events);
  const fromAnnotations =
    options.calendarSource === 'series' ? { events: [], skipped: 0 } : eventsFromAnnotations(data.annotations);
  return {
    events: mergeEvents(fromSeries.events, fromAnnotations.events),
    skipped: fromSeries.skipped + fromAnnotations.skipped,
  };
}

function misconfigured(options: OverlayOptions): OverlayProblem | undefined {
  if (!(options.bandLow > 0 && options.bandLow < 0.5 && options.bandHigh > 0.5 && options.bandHigh < 1)) {
    return {
      kind: 'misconfigured',
      title: 'Band quantiles are out of range',
      fix: `Set the lower quantile between 0 and 0.5 and the upper between 0.5 and 1 (now ${options.bandLow} and ${options.bandHigh}).`,
    };
  }
  if (!(options.headroomRed < options.headroomAmber)) {
    return {
      kind: 'misconfigured',
      title: 'Headroom thresholds are inverted',
      fix: `The red threshold (${options.headroomRed}) must be below the amber one (${options.headroomAmber}).`,
    };
  }
  return undefined;
}

export function prepareOverlay(data: PanelData, options: OverlayOptions, now: number): OverlayModel | OverlayProblem {
  const problem = misconfigured(options);
  if (problem) {
    return problem;
  }
  const frames = data.series ?? [];
  const roles = groupByRole(frames, options.queries);
  if (frames.length === 0 || frames.every((f) => f.length === 0)) {
    return {
      kind: 'no-data',
      title: 'No data',
      fix: 'The queries returned nothing in this time range. Zero-config default: `sum by (title) (launchday_concurrent_viewers)` on a Prometheus that scrapes the Launchday exporter.',
    };
  }
  if (!roles.viewers?.length) {
    const refIds = frames.map((f) => f.refId ?? '?').join(', ');
    return {
      kind: 'misconfigured',
      title: 'No viewers query',
      fix: `None of the queries (${refIds}) reads launchday_concurrent_viewers. Query \`sum by (title) (launchday_concurrent_viewers)\`, or set "Viewers query" to the refId that holds viewers per title.`,
    };
  }
  const viewers = foldTopTitles(
    roles.viewers.flatMap((f) => seriesOf(f, roles.viewers)),
    options.topN
  );
  if (viewers.times.length === 0) {
    return {
      kind: 'no-data',
      title: 'No viewers in range',
      fix: 'The viewers query answered without samples in this time range: widen the range or check the exporter is scraped.',
    };
  }
  const from = data.timeRange.from.valueOf();
  const to = data.timeRange.to.valueOf();
  const capacity = capacityPoints(roles.capacity, options.capacityConstant, from, to);
  const { events, skipped } = readEvents(data, options, roles.events);
  const band = options.showForecast
    ? forecastBand({
        history: viewers.totalPoints.filter((p) => p.t <= now),
        events,
        now,
        method: options.forecastMethod,
        horizonMs: options.forecastHorizonMinutes * 60_000,
        until: to,
        quantiles: [options.bandLow, options.bandHigh],
      })
    : [];
  const capacityNow = capacityAt(capacity, now);
  const notices: string[] = [];
  if (skipped > 0) {
    notices.push(`${skipped} calendar entr${skipped === 1 ? 'y' : 'ies'} without a start and end were skipped.`);
  }
  if (capacity.length === 0) {
    notices.push('No capacity: add a launchday_capacity_viewers query or set a constant capacity.');
  }
  return {
    kind: 'ready',
    now,
    from,
    to,
    viewers,
    capacity,
    events,
    band,
    saturation: capacityNow ? timeToSaturation(band, capacityNow) : {},
    badges: headroomBadges(band, events, (t) => capacityAt(capacity, t), now, to, {
      amber: options.headroomAmber,
      red: options.headroomRed,
    }),
    loginSuccess: options.showLoginStrip
      ? loginSuccess(roles.loginSuccessRatio, roles.loginAttempts, roles.loginFailures)
      : [],
    segmentErrors: options.showSegmentStrip
      ? segmentErrors(roles.segmentErrorRatio, roles.segmentRequests, roles.segmentFailures)
      : [],
    notices,
  };
}
