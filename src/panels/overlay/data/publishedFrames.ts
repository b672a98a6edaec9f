import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';

import type { PeakBand } from '../../../../core/forecast/types';
import type { EventStatus } from '../../../../core/status/statusRule';
import { PUBLISHED_METRICS } from './publishedForecast';

/** One event's published forecast, in the shape of the metrics (for tests and fixtures). */
export interface PublishedFixture {
  event: string;
  /** When the forecaster published it (the sample time). */
  at: number;
  status: EventStatus;
  binding?: string;
  peak?: PeakBand;
  /** Path points by minute from the event's start. */
  path?: Array<{ minute: number } & PeakBand>;
  headroom?: Record<string, number>;
  saturation?: Array<{ resource: string; band: 'p10' | 'p50' | 'p90'; at: number }>;
}

function sample(refId: string, labels: Record<string, string>, t: number, v: number): DataFrame {
  return createDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: [t] },
      { name: 'Value', type: FieldType.number, values: [v], labels },
    ],
  });
}

/** The frames raw selectors of the published metrics return for one event, one sample each. */
export function publishedFrames(f: PublishedFixture): DataFrame[] {
  const m = PUBLISHED_METRICS;
  const at = (part: keyof typeof m, labels: Record<string, string>, v: number) =>
    sample(part, { __name__: m[part], event: f.event, ...labels }, f.at, v);
  const frames = (['green', 'amber', 'red'] as const).map((status) =>
    at('status', { status }, status === f.status ? 1 : 0)
  );
  if (f.binding) {
    frames.push(at('binding', { resource: f.binding }, 1));
  }
  for (const band of ['p10', 'p50', 'p90'] as const) {
    if (f.peak) {
      frames.push(at('peak', { band }, f.peak[band]));
    }
    for (const p of f.path ?? []) {
      frames.push(at('path', { band, minute: String(p.minute) }, p[band]));
    }
  }
  for (const [resource, ratio] of Object.entries(f.headroom ?? {})) {
    frames.push(at('headroom', { resource }, ratio));
  }
  for (const s of f.saturation ?? []) {
    frames.push(at('saturation', { resource: s.resource, band: s.band }, s.at / 1000));
  }
  return frames;
}
