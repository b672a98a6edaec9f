// A short test-pattern DASH stream (H.264 + AAC, 1 s segments, SegmentTemplate) made by Debian's ffmpeg.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface DashStream {
  dir: string;
  manifest: string;
  /** Video media segments (`seg-0-001.m4s`…), in order. */
  videoSegments: string[];
}

export function makeDashStream(dir: string, seconds: number): DashStream {
  mkdirSync(dir, { recursive: true });
  const run = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc=size=320x180:rate=25:duration=${seconds}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-sc_threshold', '0'],
      ...['-c:a', 'aac', '-b:a', '64k', '-shortest'],
      ...['-f', 'dash', '-seg_duration', '1', '-use_template', '1', '-use_timeline', '0'],
      ...['-init_seg_name', 'init-$RepresentationID$.m4s'],
      ...['-media_seg_name', 'seg-$RepresentationID$-$Number%03d$.m4s', join(dir, 'manifest.mpd')],
    ],
    { encoding: 'utf8', timeout: 60_000 }
  );
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr || run.error?.message}`);
  const videoSegments = readdirSync(dir)
    .filter((f) => f.startsWith('seg-0-'))
    .sort();
  return { dir, manifest: 'manifest.mpd', videoSegments };
}
