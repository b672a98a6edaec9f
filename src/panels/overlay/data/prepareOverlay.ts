import type { DataFrame, PanelData } from '@grafana/data';

import type { CalendarEvent } from '../../../../core/calendar/event';
import type { BandPoint, Point } from '../../../../core/forecast/types';
import type { OverlayOptions } from '../types';
import { capacityAt, capacityPoints } from './capacity';
import { type EventRead, eventsFromAnnotations, eventsFromSeries, mergeEvents } from './events';
import { focusForecast, type HeadroomBadge, headroomBadges } from './headroomBadges';
import { type PublishedForecast, publishedForecasts } from './publishedForecast';
import { loginSuccess, segmentErrors } from './ratios';
import { groupByRole } from './roles';
import { seriesOf } from './series';
import { foldTopTitles, foldViewerFrames, type ViewerTimeline } from './viewers';

/** Everything the overlay draws, computed once per data or options change. */
export interface OverlayModel {
  kind: 'ready';
  now: number;
  from: number;
  to: number;
  viewers: ViewerTimeline;
  capacity: Point[];
  events: CalendarEvent[];
  /** The published path of the first live or upcoming event in view that has one. */
  band: BandPoint[];
  /** Where that event's published P50 and P90 cross viewer capacity. */
  saturation: { p50?: number; p90?: number };
  badges: HeadroomBadge[];
  /** Every published forecast, by event id: status, binding, peak, path, headroom, saturation. */
  forecasts: Map<string, PublishedForecast>;
  /** The SLO objectives the published status used, by SLO. */
  sloObjectives: Record<string, number>;
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

export function prepareOverlay(data: PanelData, options: OverlayOptions, now: number): OverlayModel | OverlayProblem {
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
  const viewers =
    foldViewerFrames(roles.viewers, options.topN) ??
    foldTopTitles(
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
  const published = publishedForecasts(frames, events);
  const focus = options.showForecast ? focusForecast(published.byEvent, events, now, to) : { band: [], saturation: {} };
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
    band: focus.band,
    saturation: focus.saturation,
    badges: headroomBadges(published.byEvent, events, (t) => capacityAt(capacity, t), now, to),
    forecasts: published.byEvent,
    sloObjectives: published.sloObjectives,
    loginSuccess: options.showLoginStrip
      ? loginSuccess(roles.loginSuccessRatio, roles.loginAttempts, roles.loginFailures)
      : [],
    segmentErrors: options.showSegmentStrip
      ? segmentErrors(roles.segmentErrorRatio, roles.segmentRequests, roles.segmentFailures)
      : [],
    notices,
  };
}
