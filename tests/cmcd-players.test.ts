// Real players, a real origin, real logs: ffmpeg makes an HLS stream, Debian's nginx serves it (504 for
// two segments) and logs CMCD, three hls.js players in headless Chromium post CMCD v2 event reports to
// the exporter, and `launchday tail` ships nginx's access log to /v1/cdn-logs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cmcdModule } from '../exporter/cmcd';
import type { RunningExporter } from '../exporter/serve';
import { startTestExporter } from '../exporter/testing/inProcessExporter';
import { makeHlsStream } from './browser-cmcd/hlsStream';
import { metricSum } from './browser-cmcd/metricSum';
import { startNginxOrigin, type NginxOrigin } from './browser-cmcd/nginxOrigin';
import { makeTempDir } from './support/componentProcess';

const ROOT = join(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TITLE = 'Launch Night Live';
const CID = 'launch-night';
const TTL_SECONDS = 3;
const FAIL = ['seg012.ts', 'seg013.ts'];
const missing = ['ffmpeg', 'nginx'].filter((c) => spawnSync('which', [c]).status !== 0);
if (!existsSync(CHROMIUM)) missing.push('chromium');
const skip = missing.length ? `needs ${missing.join(', ')}` : false;

let exporter: RunningExporter;
let origin: NginxOrigin;
let browser: Browser;
let tail: ChildProcess | undefined;
let tailOutput = '';
const pages: Page[] = [];

async function metrics(): Promise<string> {
  return (await fetch(`${exporter.url}/metrics`)).text();
}
const viewers = async () => metricSum(await metrics(), 'launchday_concurrent_viewers', { title: TITLE });
const rebuffering = async () => metricSum(await metrics(), 'launchday_rebuffering_viewers', { title: TITLE });

/** Polls until `read` satisfies `ok`; returns the last value read and how long it took. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number) {
  const start = Date.now();
  let value = await read();
  while (!ok(value) && Date.now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return { value, ms: Date.now() - start };
}

before(async () => {
  if (skip) return;
  const dir = makeTempDir('cmcd-origin');
  const stream = makeHlsStream(join(dir, 'hls'), 24);
  assert.ok(stream.segments.length >= 20, `ffmpeg made ${stream.segments.length} segments`);
  origin = await startNginxOrigin({
    dir,
    files: {
      '/player.html': join(__dirname, 'browser-cmcd', 'player.html'),
      '/hls.js': join(ROOT, 'node_modules', 'hls.js', 'dist', 'hls.min.js'),
    },
    dirs: { '/hls/': stream.dir },
    failPaths: FAIL.map((s) => `/hls/${s}`),
    readyPath: '/hls/index.m3u8',
  });
  exporter = await startTestExporter(
    {
      heartbeatIntervalSeconds: 1,
      sessionTtlSeconds: TTL_SECONDS,
      catalog: [TITLE],
      cmcd: { titles: { [CID]: TITLE }, allowOrigins: [origin.url], players: { device: 'web' } },
    },
    [cmcdModule]
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      ...['--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    ],
  });
});

after(async () => {
  tail?.kill('SIGTERM');
  await browser?.close();
  await exporter?.shutdown();
  await origin?.stop();
});

/** 504s per cid, read straight from nginx's access log (status is field 2, the CMCD argument field 6). */
function logged504sByCid(accessLog: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(accessLog, 'utf8').split('\n')) {
    const fields = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    if (fields[1] !== '504') continue;
    const cid = /cid="([^"]*)"/.exec(decodeURIComponent(fields[5] ?? ''))?.[1] ?? '(none)';
    counts.set(cid, (counts.get(cid) ?? 0) + 1);
  }
  return counts;
}

test(
  'three hls.js players in Chromium and nginx logs feed the exporter through CMCD',
  { skip, timeout: 120_000 },
  async (t) => {
    for (let i = 1; i <= 3; i++) {
      const page = await browser.newPage();
      const query = new URLSearchParams({
        src: `${origin.url}/hls/index.m3u8`,
        report: `${exporter.url}/v1/cmcd`,
        sid: `viewer-${i}`,
        cid: CID,
      });
      await page.goto(`${origin.url}/player.html?${query}`);
      pages.push(page);
    }
    let rebufferingBefore504s = NaN;

    await t.test('concurrent viewers for the title equal the number of players', async () => {
      const { value } = await eventually(viewers, (v) => v === 3, 20_000);
      assert.equal(value, 3);
      rebufferingBefore504s = await rebuffering();
    });

    await t.test('a player that pauses stops counting', async () => {
      await pages[0]!.evaluate(() => (document.getElementById('video') as HTMLVideoElement).pause());
      const { value } = await eventually(viewers, (v) => v === 2, 5_000);
      assert.equal(value, 2);
    });

    await t.test('a closed page leaves within the TTL', async () => {
      await pages[1]!.close();
      const { value, ms } = await eventually(viewers, (v) => v === 1, (TTL_SECONDS + 5) * 1000);
      assert.equal(value, 1);
      // Its last report was at most one interval before the close; the sweep runs every TTL/4.
      assert.ok(ms <= TTL_SECONDS * 1000 + 1000, `left after ${ms} ms`);
    });

    await t.test('the rebuffering gauge rises after the 504s', async () => {
      assert.equal(rebufferingBefore504s, 0);
      const { value } = await eventually(rebuffering, (v) => v >= 1, 40_000);
      assert.equal(value, 1, 'the one player still playing is rebuffering');
      const errors = await pages[2]!.evaluate(
        () => (window as unknown as { player: { errors: string[] } }).player.errors
      );
      assert.ok(
        errors.some((e) => e.startsWith('fragLoadError')),
        `player errors: ${errors.join(', ')}`
      );
    });

    await t.test('launchday tail counts the 504s per title exactly as nginx logged them', async () => {
      await browser.close(); // no more requests: the log is final
      // Started only now, from the start of the file, so the player assertions above rest on reports alone.
      tail = spawn(
        process.execPath,
        [
          ...[join(ROOT, 'bin', 'launchday.cjs'), 'tail', origin.accessLog],
          ...['--format', 'nginx-cmcd', '--target', exporter.url, '--from-start', '--poll-ms', '100'],
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
      );
      tail.stderr?.on('data', (chunk: Buffer) => (tailOutput = (tailOutput + chunk.toString()).slice(-20_000)));
      const logged = logged504sByCid(origin.accessLog);
      assert.deepEqual([...logged.keys()], [CID], 'every 504 in the log carries the cid');
      const expected = logged.get(CID)!;
      assert.ok(expected >= FAIL.length, `nginx logged ${expected} 504s`);
      const failures = async () =>
        metricSum(await metrics(), 'launchday_segment_failures_total', {
          title: TITLE,
          cdn: 'origin',
          status_class: '504',
        });
      const { value } = await eventually(failures, (v) => v === expected, 10_000);
      assert.equal(value, expected, `tail output:\n${tailOutput}`);
    });
  }
);
