import type { DataFrame } from '@grafana/data';

import { type LabeledSeries, seriesOf, sumByTime } from '../overlay/data/series';

/** What the executive view says, read from the same series the war room reads. */
export interface ExecutiveModel {
  /** The latest sample's time: what "now" means on the page. */
  at: number;
  watchingNow: number;
  top: Array<{ title: string; viewers: number }>;
  todayPeak?: { value: number; at: number };
  record?: { value: number; at?: number; title: string; today: boolean };
}

const VIEWERS = 'launchday_concurrent_viewers';
const OBSERVED = 'launchday_event_observed_peak_viewers';
const EVENT_START = 'launchday_event_start_timestamp_seconds';
const EVENT_INFO = 'launchday_event_info';

function metricOf(s: LabeledSeries, frame: DataFrame): string {
  const query = frame.meta?.executedQueryString ?? '';
  for (const name of [OBSERVED, EVENT_START, EVENT_INFO, VIEWERS]) {
    if (s.metric === name || s.labels.__name__ === name || query.includes(name) || frame.refId === name) {
      return name;
    }
  }
  return s.metric;
}

/** Midnight of the day `t` falls in, in the viewer's own time zone. */
export function localMidnight(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Watching now (the latest total), the top titles by their latest audience, today's peak (since local
 * midnight) and the all-time record: the highest observed event peak, or today's when today beats it.
 * The record's date is its event's start when the calendar still has it; otherwise none is shown (a gauge's
 * first sample in range is the range's start, not the record's date).
 */
export function executiveModel(frames: DataFrame[], topTitles: number): ExecutiveModel | undefined {
  const byMetric = new Map<string, LabeledSeries[]>();
  for (const frame of frames) {
    for (const s of seriesOf(frame, frames)) {
      const metric = metricOf(s, frame);
      byMetric.set(metric, [...(byMetric.get(metric) ?? []), s]);
    }
  }
  const viewers = byMetric.get(VIEWERS) ?? [];
  const total = sumByTime(viewers);
  const last = total[total.length - 1];
  if (!last) {
    return undefined;
  }
  const latestByTitle = new Map<string, number>();
  for (const s of viewers) {
    const p = s.points[s.points.length - 1];
    if (p && p.t === last.t) {
      const title = s.labels.title ?? s.name;
      latestByTitle.set(title, (latestByTitle.get(title) ?? 0) + p.v);
    }
  }
  const top = [...latestByTitle.entries()]
    .map(([title, v]) => ({ title, viewers: v }))
    .sort((a, b) => b.viewers - a.viewers || a.title.localeCompare(b.title))
    .slice(0, Math.max(1, topTitles));

  const midnight = localMidnight(last.t);
  let todayPeak: ExecutiveModel['todayPeak'];
  for (const p of total) {
    if (p.t >= midnight && (!todayPeak || p.v > todayPeak.value)) {
      todayPeak = { value: p.v, at: p.t };
    }
  }

  const titles = new Map<string, string>();
  const starts = new Map<string, number>();
  for (const s of byMetric.get(EVENT_INFO) ?? []) {
    if (s.labels.event && s.labels.title) {
      titles.set(s.labels.event, s.labels.title);
    }
  }
  for (const s of byMetric.get(EVENT_START) ?? []) {
    const v = s.points[s.points.length - 1]?.v;
    if (s.labels.event && v !== undefined) {
      starts.set(s.labels.event, v * 1000);
    }
  }
  let record: ExecutiveModel['record'];
  for (const s of byMetric.get(OBSERVED) ?? []) {
    const event = s.labels.event ?? s.name;
    const peak = s.points.reduce<number | undefined>((m, p) => (m === undefined || p.v > m ? p.v : m), undefined);
    if (peak !== undefined && (!record || peak > record.value)) {
      const title = s.labels.title ?? titles.get(event) ?? event;
      record = { value: peak, at: starts.get(event), title, today: false };
    }
  }
  if (todayPeak && (!record || todayPeak.value > record.value)) {
    record = { value: todayPeak.value, at: todayPeak.at, title: '', today: true };
  }
  return { at: last.t, watchingNow: last.v, top, todayPeak, record };
}
