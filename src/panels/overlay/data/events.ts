import { type DataFrame, FieldType } from '@grafana/data';

import { type CalendarEvent, EVENT_KINDS, type EventKind } from '../../../../core/calendar/event';
import { seriesOf } from './series';

/** Events read from a source, and how many entries could not become an event (shown, never dropped silently). */
export interface EventRead {
  events: CalendarEvent[];
  skipped: number;
}

function kindOf(value: string | undefined): EventKind | undefined {
  return EVENT_KINDS.find((k) => k === value?.toLowerCase());
}

interface EventParts {
  title?: string;
  kind?: EventKind;
  start?: number;
  end?: number;
  expectedPeak?: number;
  region?: string;
}

/** The `launchday_event_*` series: info gives title and kind, the timestamp gauges give the window (seconds). */
export function eventsFromSeries(frames: DataFrame[] | undefined): EventRead {
  const parts = new Map<string, EventParts>();
  for (const frame of frames ?? []) {
    for (const s of seriesOf(frame, frames)) {
      const id = s.labels.event;
      const last = s.points[s.points.length - 1];
      if (!id || !last) {
        continue;
      }
      const metric = `${s.metric} ${frame.meta?.executedQueryString ?? ''} ${frame.refId ?? ''}`;
      const p = parts.get(id) ?? {};
      if (s.labels.title) {
        p.title = s.labels.title;
      }
      p.kind = kindOf(s.labels.kind) ?? p.kind;
      p.region = s.labels.region ?? p.region;
      if (metric.includes('event_start_timestamp')) {
        p.start = last.v * 1000;
      } else if (metric.includes('event_end_timestamp')) {
        p.end = last.v * 1000;
      } else if (metric.includes('event_expected_peak')) {
        p.expectedPeak = last.v;
      }
      parts.set(id, p);
    }
  }
  const events: CalendarEvent[] = [];
  let skipped = 0;
  for (const [id, p] of parts) {
    if (p.start === undefined || p.end === undefined || !(p.end >= p.start)) {
      skipped++;
      continue;
    }
    events.push({
      id,
      title: p.title ?? id,
      kind: p.kind ?? 'live',
      start: p.start,
      end: p.end,
      timeZone: 'UTC',
      expectedPeak: p.expectedPeak,
      region: p.region,
    });
  }
  return { events: events.sort((a, b) => a.start - b.start), skipped };
}

function column(frame: DataFrame, name: string) {
  return frame.fields.find((f) => f.name === name);
}

function stripTags(text: string): string {
  return text.replace(/<[^>]*>/g, '').trim();
}

/** Any annotation source: region annotations keep their span, point annotations become instants. */
export function eventsFromAnnotations(frames: DataFrame[] | undefined): EventRead {
  const events: CalendarEvent[] = [];
  let skipped = 0;
  for (const frame of frames ?? []) {
    const time = column(frame, 'time') ?? frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      skipped += frame.length;
      continue;
    }
    const timeEnd = column(frame, 'timeEnd');
    const title = column(frame, 'title');
    const text = column(frame, 'text');
    const tags = column(frame, 'tags');
    const id = column(frame, 'id');
    for (let i = 0; i < frame.length; i++) {
      const start = Number(time.values[i]);
      const endRaw = timeEnd ? Number(timeEnd.values[i]) : NaN;
      if (!Number.isFinite(start)) {
        skipped++;
        continue;
      }
      const end = Number.isFinite(endRaw) && endRaw >= start ? endRaw : start;
      const tagList: unknown[] = Array.isArray(tags?.values[i]) ? (tags!.values[i] as unknown[]) : [];
      const kind = tagList.map((t) => kindOf(String(t))).find(Boolean);
      const name =
        stripTags(String(title?.values[i] ?? '')) || stripTags(String(text?.values[i] ?? '')) || 'Annotation';
      events.push({
        id: `annotation-${String(id?.values[i] ?? `${frame.refId ?? 'a'}-${i}`)}`,
        title: name,
        kind: kind ?? 'live',
        start,
        end,
        timeZone: 'UTC',
      });
    }
  }
  return { events: events.sort((a, b) => a.start - b.start), skipped };
}

/** One list: a calendar event and an annotation with the same title and start are the same event. */
export function mergeEvents(...lists: CalendarEvent[][]): CalendarEvent[] {
  const seen = new Set<string>();
  const out: CalendarEvent[] = [];
  for (const e of lists.flat().sort((a, b) => a.start - b.start)) {
    const key = `${e.title}@${e.start}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}
