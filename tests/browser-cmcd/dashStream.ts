// A short test-pattern DASH stream (1 s segments, SegmentTemplate) made by Debian's ffmpeg.
import { join } from 'node:path';
import { encodeTestPattern } from './testPattern';

export interface DashStream {
  dir: string;
  manifest: string;
  /** Video media segments (`seg-0-001.m4s`…), in order. */
  videoSegments: string[];
}

export function makeDashStream(dir: string, seconds: number): DashStream {
  const files = encodeTestPattern(dir, seconds, [
    ...['-f', 'dash', '-seg_duration', '1', '-use_template', '1', '-use_timeline', '0'],
    ...['-init_seg_name', 'init-$RepresentationID$.m4s'],
    ...['-media_seg_name', 'seg-$RepresentationID$-$Number%03d$.m4s', join(dir, 'manifest.mpd')],
  ]);
  return { dir, manifest: 'manifest.mpd', videoSegments: files.filter((f) => f.startsWith('seg-0-')) };
}
