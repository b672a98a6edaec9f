import { type DataFrame, FieldType, getFieldDisplayName } from '@grafana/data';

import type { Point } from '../../../../core/forecast/types';

/** One numeric field of a frame as time-ordered points, with its labels and metric name. */
export interface LabeledSeries {
  name: string;
  metric: string;
  labels: Record<string, string>;
  points: Point[];
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** Reads the wide frames every time-series data source returns; frames without a time field give nothing. */
export function seriesOf(frame: DataFrame, frames: DataFrame[] = [frame]): LabeledSeries[] {
  const time = frame.fields.find((f) => f.type === FieldType.time);
  if (!time) {
    return [];
  }
  const out: LabeledSeries[] = [];
  for (const field of frame.fields) {
    if (field === time || field.type !== FieldType.number) {
      continue;
    }
    const points: Point[] = [];
    let sorted = true;
    for (let i = 0; i < frame.length; i++) {
      const rawT = time.values[i];
      const rawV = field.values[i];
      // Numbers are the norm; strings (some sources) go through the slower parse.
      const t = typeof rawT === 'number' && Number.isFinite(rawT) ? rawT : toNumber(rawT);
      const v = typeof rawV === 'number' && Number.isFinite(rawV) ? rawV : toNumber(rawV);
      if (t !== null && v !== null) {
        sorted &&= points.length === 0 || points[points.length - 1]!.t <= t;
        points.push({ t, v });
      }
    }
    if (!sorted) {
      points.sort((a, b) => a.t - b.t);
    }
    const labels = { ...(field.labels ?? {}) };
    out.push({
      name: getFieldDisplayName(field, frame, frames),
      metric: labels.__name__ ?? frame.name ?? field.name,
      labels,
      points,
    });
  }
  return out;
}

/** Adds series point by point on their shared timestamps (label sets folded together). */
export function sumByTime(series: LabeledSeries[]): Point[] {
  const byTime = new Map<number, number>();
  for (const s of series) {
    for (const p of s.points) {
      byTime.set(p.t, (byTime.get(p.t) ?? 0) + p.v);
    }
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
}

/** Raw counters (no rate() in the query) become per-second rates; a reset restarts from the new value. */
export function counterToRate(points: Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    const dt = (cur.t - prev.t) / 1000;
    if (dt <= 0) {
      continue;
    }
    const delta = cur.v >= prev.v ? cur.v - prev.v : cur.v;
    out.push({ t: cur.t, v: delta / dt });
  }
  return out;
}

/** A frame carries counters when its series are `_total` metrics not wrapped in rate()/increase(). */
export function isRawCounter(frame: DataFrame): boolean {
  const query = frame.meta?.executedQueryString ?? '';
  if (/\b(rate|irate|increase)\s*\(/.test(query)) {
    return false;
  }
  return frame.fields.some((f) => (f.labels?.__name__ ?? '').endsWith('_total'));
}
