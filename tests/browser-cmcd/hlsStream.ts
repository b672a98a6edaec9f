// A short test-pattern HLS stream (1 s segments, VOD playlist) made by Debian's ffmpeg at test time.
import { join } from 'node:path';
import { encodeTestPattern } from './testPattern';

export interface HlsStream {
  dir: string;
  playlist: string;
  segments: string[];
}

export function makeHlsStream(dir: string, seconds: number): HlsStream {
  const files = encodeTestPattern(dir, seconds, [
    ...['-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod'],
    ...['-hls_segment_filename', join(dir, 'seg%03d.ts'), join(dir, 'index.m3u8')],
  ]);
  return { dir, playlist: 'index.m3u8', segments: files.filter((f) => f.endsWith('.ts')) };
}
