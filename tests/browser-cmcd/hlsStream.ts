// A short test-pattern HLS stream (H.264 + AAC, 1 s segments) made by Debian's ffmpeg at test time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface HlsStream {
  dir: string;
  playlist: string;
  segments: string[];
}

export function makeHlsStream(dir: string, seconds: number): HlsStream {
  mkdirSync(dir, { recursive: true });
  const run = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc=size=320x180:rate=25:duration=${seconds}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-sc_threshold', '0'],
      ...['-c:a', 'aac', '-b:a', '64k', '-shortest'],
      ...['-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod'],
      ...['-hls_segment_filename', join(dir, 'seg%03d.ts'), join(dir, 'index.m3u8')],
    ],
    { encoding: 'utf8', timeout: 60_000 }
  );
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr || run.error?.message}`);
  const segments = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  return { dir, playlist: 'index.m3u8', segments };
}
