import { type DataFrame, FieldType } from '@grafana/data';

import type { CalendarEvent } from '../../../../core/calendar/event';
import type { BandPoint, PeakBand } from '../../../../core/forecast/types';
import type { EventStatus } from '../../../../core/status/statusRule';

/**
 * The forecaster's published series (docs/metrics.md, "the headroom contract"), by metric name. The
 * panel reads these and never computes a forecast or a status itself.
 */
export const PUBLISHED_METRICS = {
  status: 'launchday_event_status',
  binding: 'launchday_event_binding_info',
  peak: 'launchday_forecast_peak_viewers',
  path: 'launchday_forecast_path_viewers',
  headroom: 'launchday_forecast_headroom_ratio',
  saturation: 'launchday_forecast_saturation_timestamp_seconds',
  sloObjective: 'launchday_slo_objective_ratio',
} as const;

type Part = keyof typeof PUBLISHED_METRICS;
const PARTS = Object.keys(PUBLISHED_METRICS) as Part[];
const BAND_NAMES = ['p10', 'p50', 'p90'] as const;
type BandName = (typeof BAND_NAMES)[number];
const STATUSES: readonly EventStatus[] = ['green', 'amber', 'red'];

/** One event's forecast as the forecaster published it. */
export interface PublishedForecast {
  event: string;
  status?: EventStatus;
  /** The resource or `slo:<name>` that set the status. */
  binding?: string;
  peak?: PeakBand;
  /** The path on absolute times (event start + `minute` minutes); empty when the event's start is not known here. */
  path: BandPoint[];
  /** Headroom ratio by resource. */
  headroom: Record<string, number>;
  /** First crossing per resource and band, epoch ms. */
  saturation: Array<{ resource: string; band: BandName; at: number }>;
}

export interface PublishedForecasts {
  byEvent: Map<string, PublishedForecast>;
  /** The SLO objectives the status rule used, by SLO (`login_success`, `segment_errors`). */
  sloObjectives: Record<string, number>;
}

/** One published series as the panel needs it: its labels and its newest sample. */
interface Latest {
  s: { labels: Record<string, string> };
  last: { t: number; v: number };
}

const PART_BY_METRIC = new Map<string, Part>(PARTS.map((p) => [PUBLISHED_METRICS[p], p]));
const PART_BY_REFID = new Map<string, Part>(PARTS.map((p) => [p.toLowerCase(), p]));

/**
 * Which published part a field is: its `__name__` (else the frame's name or the field's, as seriesOf
 * names a metric), else a frame refId named after the part (`status`, `path`...). Decided from labels
 * and names alone, so the viewer frames (most of the points) are never read.
 */
function partOf(labels: Record<string, string> | undefined, frame: DataFrame, fieldName: string): Part | undefined {
  const metric = labels?.__name__ ?? frame.name ?? fieldName;
  return PART_BY_METRIC.get(metric) ?? PART_BY_REFID.get(frame.refId?.toLowerCase() ?? '');
}

/** The sample with the newest finite time and value (what seriesOf's last point is), without copying. */
function latestOf(time: readonly unknown[], values: readonly unknown[], length: number): Latest['last'] | undefined {
  let best: Latest['last'] | undefined;
  for (let i = 0; i < length; i++) {
    const t = finite(time[i]);
    const v = finite(values[i]);
    if (t !== null && v !== null && (!best || t >= best.t)) {
      best = { t, v };
    }
  }
  return best;
}

function finite(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Each published series' newest sample, by part and event, for one frames array (memoised on its identity). */
const partsCache = new WeakMap<readonly DataFrame[], Map<string, Latest[]>>();
function partsOf(frames: readonly DataFrame[]): Map<string, Latest[]> {
  const cached = partsCache.get(frames);
  if (cached) {
    return cached;
  }
  const parts = new Map<string, Latest[]>();
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    for (const field of frame.fields) {
      if (field === time || field.type !== FieldType.number) {
        continue;
      }
      const part = partOf(field.labels, frame, field.name);
      const last = part && latestOf(time.values, field.values, frame.length);
      if (!part || !last) {
        continue;
      }
      const labels = { ...(field.labels ?? {}) };
      const key = `${part}\u0000${labels.event ?? ''}`;
      let list = parts.get(key);
      if (!list) {
        parts.set(key, (list = []));
      }
      list.push({ s: { labels }, last });
    }
  }
  partsCache.set(frames, parts);
  return parts;
}

/**
 * The series of the newest refresh only: in a range query a path point that dropped out of a later
 * refresh still has older samples, so each part keeps the series whose last sample is the newest.
 */
function newest(list: readonly Latest[]): Latest[] {
  let latest = -Infinity;
  for (const x of list) {
    latest = Math.max(latest, x.last.t);
  }
  return list.filter((x) => x.last.t === latest);
}

/** The panel event a published event id names (series give the id itself, annotations `annotation-<id>`). */
function startOf(events: readonly CalendarEvent[], id: string): number | undefined {
  return events.find((e) => e.id === id || e.id === `annotation-${id}`)?.start;
}

/** Every published forecast in the frames, per event; frames that carry none of them are ignored. */
export function publishedForecasts(frames: readonly DataFrame[], events: readonly CalendarEvent[]): PublishedForecasts {
  const parts = partsOf(frames);
  const byEvent = new Map<string, PublishedForecast>();
  const sloObjectives: Record<string, number> = {};
  const forecastOf = (event: string): PublishedForecast => {
    let f = byEvent.get(event);
    if (!f) {
      byEvent.set(event, (f = { event, path: [], headroom: {}, saturation: [] }));
    }
    return f;
  };
  for (const [key, list] of parts) {
    const part = key.slice(0, key.indexOf('\u0000')) as Part;
    const event = key.slice(key.indexOf('\u0000') + 1);
    const current = newest(list);
    if (part === 'sloObjective') {
      for (const { s, last } of current) {
        if (s.labels.slo) {
          sloObjectives[s.labels.slo] = last.v;
        }
      }
      continue;
    }
    if (!event) {
      continue;
    }
    const f = forecastOf(event);
    readPart(f, part, current, startOf(events, event));
  }
  return { byEvent, sloObjectives };
}

function readPart(
  f: PublishedForecast,
  part: Exclude<Part, 'sloObjective'>,
  current: Latest[],
  start: number | undefined
): void {
  const band = (s: Latest['s']) => BAND_NAMES.find((b) => b === s.labels.band);
  switch (part) {
    case 'status':
      f.status = STATUSES.find((st) => current.some(({ s, last }) => s.labels.status === st && last.v === 1));
      return;
    case 'binding':
      f.binding = current.find(({ last }) => last.v === 1)?.s.labels.resource;
      return;
    case 'peak': {
      const peak: Partial<PeakBand> = {};
      for (const { s, last } of current) {
        const b = band(s);
        if (b) {
          peak[b] = last.v;
        }
      }
      if (peak.p10 !== undefined && peak.p50 !== undefined && peak.p90 !== undefined) {
        f.peak = { p10: peak.p10, p50: peak.p50, p90: peak.p90 };
      }
      return;
    }
    case 'headroom':
      for (const { s, last } of current) {
        if (s.labels.resource) {
          f.headroom[s.labels.resource] = last.v;
        }
      }
      return;
    case 'saturation':
      for (const { s, last } of current) {
        const b = band(s);
        if (b && s.labels.resource) {
          f.saturation.push({ resource: s.labels.resource, band: b, at: last.v * 1000 });
        }
      }
      return;
    case 'path': {
      if (start === undefined) {
        return;
      }
      const byMinute = new Map<number, Partial<BandPoint>>();
      for (const { s, last } of current) {
        const b = band(s);
        const minute = Number(s.labels.minute);
        if (!b || s.labels.minute === undefined || !Number.isFinite(minute)) {
          continue;
        }
        const point = byMinute.get(minute) ?? { t: start + minute * 60_000 };
        point[b] = last.v;
        byMinute.set(minute, point);
      }
      f.path = [...byMinute.values()]
        .filter((p): p is BandPoint => p.p10 !== undefined && p.p50 !== undefined && p.p90 !== undefined)
        .sort((a, b) => a.t - b.t);
      return;
    }
  }
}
