import type { DataFrame } from '@grafana/data';

import { seriesOf } from '../data/series';
import type { ShardSeries } from './shardHealth';

/** The query whose frames this reads: one `up` series per exporter shard. */
export const SHARDS_REF_ID = 'shards';

/** The `up` series per instance, from frames with refId `shards` (or, failing that, frames of `up`). */
export function shardSeriesFromFrames(frames: readonly DataFrame[]): ShardSeries[] {
  const named = frames.filter((f) => f.refId === SHARDS_REF_ID);
  const chosen = named.length ? named : frames;
  return chosen.flatMap((frame) =>
    seriesOf(frame, [...chosen])
      .filter((s) => named.length > 0 || s.metric === 'up')
      .map((s) => ({ instance: s.labels.instance ?? s.name, points: s.points }))
  );
}
