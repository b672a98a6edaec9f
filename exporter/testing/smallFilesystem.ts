import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real tmpfs of `bytes` (a full disk, or read-only after `readOnly()`), for the state file's failure
 * tests. Needs root and mount(8); `null` when this machine cannot mount, and the test skips.
 */
export function mountSmallFilesystem(bytes: number): { dir: string; readOnly(): void; unmount(): void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-fs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' }),
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
