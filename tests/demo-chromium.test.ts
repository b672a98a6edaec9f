import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import type { HistorySnapshot } from '../core/history/snapshot';
import { testIds } from '../src/panels/overlay/testIds';
import { launchChromium, OUTPUT_DIR } from './browser/chromium';
import { makeTempDir } from './support/componentProcess';
import { freePort } from './support/freePort';
import { waitFor } from './support/waitFor';
import { stopChild } from './support/stopChild';

/**
 * The README's first command, for real: `launchday demo` in a fresh clone of the repository (its
 * committed HEAD, with this checkout's node_modules linked in, and no build/) builds the preview
 * page, starts the exporter and the replay; the page renders the real panel in Chromium
 * (screenshot in tests/output/), and Ctrl-C (SIGINT) stops everything: the demo exits 0 and the
 * exporter stops answering.
 */
const REPO = join(__dirname, '..');
let ROOT = REPO;
let BIN = join(ROOT, 'bin', 'launchday.cjs');
let clone: string | undefined;

let demo: ChildProcess | undefined;
let browser: Browser | undefined;
after(async () => {
  await browser?.close();
  // If the test failed midway, stop the demo the way a user would, so it stops its exporter too.
  await stopChild(demo, 'SIGINT', 15_000);
  if (clone) rmSync(join(clone, '..'), { recursive: true, force: true });
});

/** A fresh clone to run in, or undefined when this checkout is not a git repository. */
function freshClone(): string | undefined {
  if (!existsSync(join(REPO, '.git'))) return undefined;
  const dir = join(makeTempDir('demo-clone'), 'launchday');
  const cloned = spawnSync('git', ['clone', '--quiet', '--local', REPO, dir], { encoding: 'utf8' });
  if (cloned.status !== 0) return undefined;
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

test('the demo starts on a fresh clone, builds and serves its preview page, which renders in Chromium, and Ctrl-C stops everything', async (t) => {
  clone = freshClone();
  if (clone) {
    ROOT = clone;
    BIN = join(ROOT, 'bin', 'launchday.cjs');
  } else t.diagnostic('not a git checkout: the demo runs in place');
  const port = await freePort();
  const args = [
    BIN,
    'demo',
    '--listen',
    `127.0.0.1:${port}`,
    '--starts-in',
    '15s',
    '--speed',
    '120',
    '--max-sessions',
    '5000',
  ];
  demo = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  demo.stdout?.on('data', (c) => (stdout += c));
  demo.stderr?.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => demo!.once('exit', (code) => resolve(code)));

  const preview = await waitFor(
    'the preview address',
    async () => /preview\s+(http:\/\/\S+\/preview\/\S*)/.exec(stdout)?.[1],
    90_000
  ).catch((e) => {
    throw new Error(`${(e as Error).message}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  });
  const base = preview.replace(/\/preview\/.*$/, '');
  assert.equal(base, `http://127.0.0.1:${port}`);

  // The replay reaches the exporter: its recent history shows viewers.
  await waitFor(
    'viewers in the exporter history',
    async () => {
      const history = (await (await fetch(`${base}/api/v1/history`)).json()) as HistorySnapshot;
      const viewers = history.series.filter((s) => s.name === 'launchday_concurrent_viewers').flatMap((s) => s.values);
      return viewers.some((v) => v > 0) && history.events.length > 0 ? true : undefined;
    },
    30_000
  );
  await waitFor(
    'a progress line',
    async () => (/sim \d{4}-\d\d-\d\d \d\d:\d\d \| viewers/.test(stderr) ? true : undefined),
    15_000
  );
  if (clone) {
    assert.match(stdout, /building the preview page/, 'a fresh clone has no build/: the demo builds the page');
    assert.ok(existsSync(join(clone, 'build', 'preview', 'index.html')));
  }

  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const response = await page.goto(preview);
  assert.equal(response?.status(), 200, 'the preview page is served (npm run build:harness builds it)');
  await page.waitForFunction(() => Number(document.body.dataset.loaded ?? 0) >= 1, undefined, { timeout: 30_000 });
  await page.waitForSelector(`[data-testid="${testIds.mainPlot}"] canvas`, { timeout: 30_000 });
  await page.screenshot({ path: join(OUTPUT_DIR, 'demo-preview.png') });
  const status = await page.textContent('#status');
  assert.match(status ?? '', /^Loaded /);
  // The short address lands on the same page.
  const short = await fetch(`${base}/preview`);
  assert.equal(short.status, 200);
  assert.equal(new URL(short.url).pathname, '/preview/');

  demo.kill('SIGINT');
  const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout' as const)]);
  assert.equal(code, 0, `the demo exits cleanly on Ctrl-C\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  assert.match(stdout, /launchday demo: stopped\./);
  await assert.rejects(fetch(`${base}/healthz`), 'the exporter is stopped too');
});
