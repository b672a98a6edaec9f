// ffmpeg's test pattern (H.264 + AAC, a keyframe a second) written by Debian's ffmpeg at test time, in
// the packaging the caller's output arguments choose (HLS or DASH).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';

/** Encodes `seconds` of test pattern with `output` (format and file arguments); returns the folder's files, sorted. */
export function encodeTestPattern(dir: string, seconds: number, output: readonly string[]): string[] {
  mkdirSync(dir, { recursive: true });
  const run = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc=size=320x180:rate=25:duration=${seconds}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-sc_threshold', '0'],
      ...['-c:a', 'aac', '-b:a', '64k', '-shortest'],
      ...output,
    ],
    { encoding: 'utf8', timeout: 60_000 }
  );
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr || run.error?.message}`);
  return readdirSync(dir).sort();
}
