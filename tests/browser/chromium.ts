import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../review/render';

export const ROOT = join(__dirname, '..', '..');
export const HARNESS_DIR = join(ROOT, 'build', 'preview');
export const OUTPUT_DIR = join(ROOT, 'tests', 'output');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the harness page (about 4 s), unless `reuse` and it is already there. */
export function buildHarness(reuse = false): void {
  if (reuse && existsSync(join(HARNESS_DIR, 'main.js')) && existsSync(join(HARNESS_DIR, 'bench.js'))) {
    return;
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'harness', 'build.ts')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    throw new Error('building the harness page failed (npm run build:harness)');
  }
}

/** Debian's Chromium, headless, without anything that reaches the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}
