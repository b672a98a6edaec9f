// Real players, a real origin, real logs: ffmpeg makes an HLS and a DASH stream, Debian's nginx serves
// them (two segments of each answer 504) and logs CMCD, and hls.js, dash.js 5.2.1 and Shaka 5.2.12 from
// npm play them in headless Chromium, all at once, in the modes that matter: CMCD v2 event reports to
// /v1/cmcd, and query or header CMCD (v1 and v2) that `launchday tail` ships from nginx's log.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cmcdModule } from '../exporter/cmcd';
import type { RunningExporter } from '../exporter/serve';
import { startTestExporter } from '../exporter/testing/inProcessExporter';
import { makeDashStream } from './browser-cmcd/dashStream';
import { makeHlsStream } from './browser-cmcd/hlsStream';
import { metricSum } from './browser-cmcd/metricSum';
import { startNginxOrigin, type NginxOrigin } from './browser-cmcd/nginxOrigin';
import { makeTempDir } from './support/componentProcess';

const ROOT = join(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Log lines count from when nginx logged them: the TTL leaves room for a tail running behind, and for
// players starved of CPU beside other suites, on 2 cores (5 s lost event-mode players in the full suite).
const TTL_SECONDS = 10;
const STREAM_SECONDS = 120;
const missing = ['ffmpeg', 'nginx'].filter((c) => spawnSync('which', [c]).status !== 0);
if (!existsSync(CHROMIUM)) missing.push('chromium');
const skip = missing.length ? `needs ${missing.join(', ')}` : false;

/**
 * One title per player and mode. `pause`: whether the mode can tell a paused player (a state it sends:
 * `sta` in v2 reports and v2 requests; a v1 player is seen to stop when its requests stop). `stall`:
 * whether it says it is rebuffering (`sta=r`, or `bs` on the retried request).
 */
interface Group {
  title: string;
  /** The cid the page sends; the hls.js one goes through cmcd.titles. */
  cid: string;
  page: 'player.html' | 'dash.html' | 'shaka.html';
  mode: 'event' | 'query' | 'header';
  version: 1 | 2;
  players: number;
  pause: boolean;
  stall: boolean;
}

const GROUPS: Group[] = [
  {
    title: 'Launch Night Live',
    cid: 'launch-night',
    page: 'player.html',
    mode: 'event',
    version: 2,
    players: 3,
    pause: true,
    stall: true,
  },
  {
    title: 'dash event v2',
    cid: 'dash event v2',
    page: 'dash.html',
    mode: 'event',
    version: 2,
    players: 3,
    pause: true,
    stall: true,
  },
  {
    title: 'dash query v2',
    cid: 'dash query v2',
    page: 'dash.html',
    mode: 'query',
    version: 2,
    players: 2,
    pause: true,
    stall: false,
  },
  {
    title: 'dash header v1',
    cid: 'dash header v1',
    page: 'dash.html',
    mode: 'header',
    version: 1,
    players: 2,
    pause: true,
    stall: false,
  },
  {
    title: 'shaka query v1',
    cid: 'shaka query v1',
    page: 'shaka.html',
    mode: 'query',
    version: 1,
    players: 2,
    pause: true,
    stall: false,
  },
  // Shaka's release build sends no sta, and its interval reports go on while paused: pause cannot be told.
  {
    title: 'shaka event v2',
    cid: 'shaka event v2',
    page: 'shaka.html',
    mode: 'event',
    version: 2,
    players: 2,
    pause: false,
    stall: false,
  },
];

let exporter: RunningExporter;
let origin: NginxOrigin;
let browser: Browser;
let tail: ChildProcess | undefined;
let tailOutput = '';
const pages = new Map<Group, Page[]>();

const metrics = async () => (await fetch(`${exporter.url}/metrics`)).text();

/** Viewers (or rebuffering viewers) per title, in GROUPS order, from one scrape. */
async function perTitle(name: string): Promise<number[]> {
  const text = await metrics();
  return GROUPS.map((g) => metricSum(text, name, { title: g.title }));
}

/** Polls until `ok`; returns the last value read. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const start = Date.now();
  let value = await read();
  while (!ok(value) && Date.now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

const pauseVideo = (page: Page) => page.evaluate(() => (document.getElementById('video') as HTMLVideoElement).pause());

before(async () => {
  if (skip) return;
  const dir = makeTempDir('cmcd-origin');
  const hls = makeHlsStream(join(dir, 'hls'), STREAM_SECONDS);
  const dash = makeDashStream(join(dir, 'dash'), STREAM_SECONDS);
  assert.ok(hls.segments.length >= 30 && dash.videoSegments.length >= 30, 'ffmpeg made the streams');
  const modules = join(ROOT, 'node_modules');
  origin = await startNginxOrigin({
    dir,
    files: {
      '/player.html': join(__dirname, 'browser-cmcd', 'player.html'),
      '/dash.html': join(__dirname, 'browser-cmcd', 'dash.html'),
      '/shaka.html': join(__dirname, 'browser-cmcd', 'shaka.html'),
      '/hls.js': join(modules, 'hls.js', 'dist', 'hls.min.js'),
      '/dash.all.min.js': join(modules, 'dashjs', 'dist', 'modern', 'umd', 'dash.all.min.js'),
      '/shaka-player.js': join(modules, 'shaka-player', 'dist', 'shaka-player.compiled.js'),
    },
    // Video segments, once the test has counted, paused and closed players: the stall comes after.
    failPaths: '^/(hls/seg\\d+\\.ts|dash/seg-0-\\d+\\.m4s)$',
    readyPath: '/dash/manifest.mpd',
  });
  exporter = await startTestExporter(
    {
      heartbeatIntervalSeconds: 1,
      sessionTtlSeconds: TTL_SECONDS,
      catalog: GROUPS.map((g) => g.title),
      ingest: { lagBudgetMs: 10_000 }, // fifteen players on two cores: shedding is not under test here
      cmcd: { titles: { 'launch-night': 'Launch Night Live' }, allowOrigins: [origin.url], players: { device: 'web' } },
    },
    [cmcdModule]
  );
  tail = spawn(
    process.execPath,
    [
      ...[join(ROOT, 'bin', 'launchday.cjs'), 'tail', origin.accessLog],
      ...['--format', 'nginx-cmcd', '--target', exporter.url, '--from-start', '--poll-ms', '100'],
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  tail.stderr?.on('data', (chunk: Buffer) => (tailOutput = (tailOutput + chunk.toString()).slice(-20_000)));
  // The tail is up once nginx's log of one plain request reached the exporter (a line without CMCD).
  await fetch(`${origin.url}/dash/manifest.mpd`);
  const shipped = async () =>
    metricSum(await metrics(), 'launchday_events_ignored_total', { source: 'cdn_logs', reason: 'no_cmcd' });
  assert.ok((await eventually(shipped, (n) => n >= 1, 60_000)) >= 1, `tail output:\n${tailOutput}`);
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

/** 504s per cid, read straight from nginx's access log (status is field 2; CMCD in field 6 or 7-10). */
function logged504sByCid(accessLog: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(accessLog, 'utf8').split('\n')) {
    const fields = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    if (fields[1] !== '504') continue;
    const cmcd = [decodeURIComponent((fields[5] ?? '').replace(/\+/g, ' ')), ...fields.slice(6)]
      .join(',')
      .replace(/\\x22/g, '"');
    const cid = /cid="([^"]*)"/.exec(cmcd)?.[1] ?? '(none)';
    counts.set(cid, (counts.get(cid) ?? 0) + 1);
  }
  return counts;
}

test(
  'hls.js, dash.js and Shaka in Chromium feed the exporter through CMCD reports and nginx logs',
  { skip, timeout: 180_000 },
  async (t) => {
    for (const group of GROUPS) {
      const list: Page[] = [];
      for (let i = 1; i <= group.players; i++) {
        const page = await browser.newPage();
        const stream =
          group.page === 'player.html' ? `${origin.url}/hls/index.m3u8` : `${origin.url}/dash/manifest.mpd`;
        const query = new URLSearchParams({
          src: stream,
          report: `${exporter.url}/v1/cmcd`,
          sid: `${group.cid.replace(/ /g, '-')}-${i}`,
          cid: group.cid,
          mode: group.mode,
          v: String(group.version),
        });
        await page.goto(`${origin.url}/${group.page}?${query}`);
        list.push(page);
      }
      pages.set(group, list);
    }
    const expected = (f: (g: Group) => number) => GROUPS.map(f);

    await t.test('concurrent viewers per title equal the players, in every mode', async () => {
      const want = expected((g) => g.players);
      const value = await eventually(
        () => perTitle('launchday_concurrent_viewers'),
        (v) => v.join() === want.join(),
        25_000
      );
      const ledger = (await metrics()).split('\n').filter((l) => /^launchday_(events_|ingest_requests)/.test(l));
      assert.deepEqual(value, want, `${GROUPS.map((g) => g.title).join(', ')}\n${ledger.join('\n')}`);
    });

    await t.test('a paused player stops counting, where the mode can tell', async () => {
      for (const group of GROUPS) if (group.pause) await pauseVideo(pages.get(group)![0]!);
      // v1 and log-only modes: the player fills its 3 s buffer, stops requesting, and its TTL runs out.
      const want = expected((g) => g.players - (g.pause ? 1 : 0));
      const value = await eventually(
        () => perTitle('launchday_concurrent_viewers'),
        (v) => v.join() === want.join(),
        (TTL_SECONDS + 8) * 1000
      );
      assert.deepEqual(value, want);
    });

    await t.test('a closed page leaves within the TTL', async () => {
      const start = Date.now();
      for (const group of GROUPS) await pages.get(group)![1]!.close();
      const want = expected((g) => g.players - (g.pause ? 1 : 0) - 1);
      const value = await eventually(
        () => perTitle('launchday_concurrent_viewers'),
        (v) => v.join() === want.join(),
        (TTL_SECONDS + 5) * 1000
      );
      assert.deepEqual(value, want);
      // The last report or request was at most about a second before the close; log lines add the tail's poll.
      assert.ok(Date.now() - start <= (TTL_SECONDS + 5) * 1000, `left after ${Date.now() - start} ms`);
    });

    await t.test('the rebuffering gauge rises during the stall, for players that say so', async () => {
      const stalling = GROUPS.filter((g) => g.stall);
      const read = async () => {
        const values = await perTitle('launchday_rebuffering_viewers');
        return stalling.map((g) => values[GROUPS.indexOf(g)]!);
      };
      // Steady playback first (players report rebuffering while they start).
      assert.deepEqual(
        await eventually(read, (v) => v.every((n) => n === 0), 10_000),
        stalling.map(() => 0)
      );
      origin.startFailing();
      // Each stalling player is seen rebuffering at some reading; players recover (gap jumps) at their own
      // pace, so two need not rebuffer at the same poll on a loaded machine.
      const seen = stalling.map(() => 0);
      await eventually(
        async () => {
          const v = await read();
          v.forEach((n, i) => (seen[i] = Math.max(seen[i]!, n)));
          return seen;
        },
        (v) => v.every((n) => n >= 1),
        // Alone the players stall within seconds; beside other suites on two cores hls.js took over 40 s.
        75_000
      );
      assert.deepEqual(
        seen,
        stalling.map(() => 1),
        stalling.map((g) => g.title).join(', ')
      );
    });

    await t.test('each 504 is counted once, per title, exactly as nginx logged it', async () => {
      await browser.close(); // no more requests: the log is final
      const logged = logged504sByCid(origin.accessLog);
      const expected504 = GROUPS.map((g) => logged.get(g.cid) ?? 0);
      assert.ok(!logged.has('(none)'), 'every 504 in the log carries the cid');
      const read = async () => {
        const text = await metrics();
        return GROUPS.map((g) =>
          metricSum(text, 'launchday_segment_failures_total', { title: g.title, cdn: 'origin', status_class: '504' })
        );
      };
      const value = await eventually(read, (v) => v.join() === expected504.join(), 15_000);
      assert.deepEqual(value, expected504, `tail output:\n${tailOutput}`);
      const total504 = metricSum(await metrics(), 'launchday_segment_failures_total', { status_class: '504' });
      assert.equal(
        total504,
        [...logged.values()].reduce((a, b) => a + b, 0),
        'nothing added from player reports'
      );
      // dash.js reports its own 504s (e=rr, rc=504): they are counted apart, not in the segment failures.
      const dashEvent = GROUPS[1]!;
      const reported = metricSum(await metrics(), 'launchday_player_segment_failures_total', {
        title: dashEvent.title,
        status_class: '504',
      });
      assert.ok(reported >= 1, `dash.js reported ${reported} 504s of its own`);
    });
  }
);
