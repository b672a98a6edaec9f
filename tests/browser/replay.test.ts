import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { executiveTestIds } from '../../src/panels/executive/testIds';
import { testIds } from '../../src/panels/overlay/testIds';
import { freePort } from '../support/freePort';
import { buildHarness, CHROMIUM, launchChromium, OUTPUT_DIR, ROOT } from './chromium';
import { waitFor } from '../support/waitFor';
import { stopChild } from '../support/stopChild';

/**
 * The war room on a real replay of got-s7e7-finale-ocs (`launchday demo`: the exporter, the scenario's calendar
 * moved to now, the simulator at x60): during the login failure window (21:00-23:00 replay time, the airing ends
 * 21:56) the finale's tile is red and names logins, the login strip is breached, and the tile shows the exact
 * peak band the exporter publishes on /metrics at that moment. Screenshots in tests/output/ (docs/ takes them).
 */
const EVENT = 'got-s7e7-2040';
const SPEED = 60;
const byTestId = (id: string) => `[data-testid="${id}"]`;
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;

/** `name{labels} value` lines of a Prometheus exposition, as label maps. */
function samples(text: string, name: string): Array<{ labels: Record<string, string>; value: number }> {
  const out: Array<{ labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf('}');
    const labels: Record<string, string> = {};
    for (const m of line.slice(name.length + 1, close).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!;
    out.push({ labels, value: Number(line.slice(close + 1).trim()) });
  }
  return out;
}

describe('the war room during a replay of the GoT S7 finale on OCS', { skip }, () => {
  let demo: ChildProcess | undefined;
  let browser: Browser | undefined;
  let base = '';
  let output = '';

  before(async () => {
    buildHarness(true);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const port = await freePort();
    demo = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'launchday.cjs'),
        'demo',
        '--listen',
        `127.0.0.1:${port}`,
        '--starts-in',
        '5s',
        '--speed',
        String(SPEED),
        '--max-sessions',
        '4000',
        '--no-build',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    demo.stdout?.on('data', (c) => (output += c));
    demo.stderr?.on('data', (c) => (output += c));
    base = `http://127.0.0.1:${port}`;
    await waitFor('the preview address', async () => (output.includes('/preview/') ? true : undefined), 60_000).catch(
      (e) => {
        throw new Error(`${(e as Error).message}\n${output}`);
      }
    );
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stopChild(demo, 'SIGINT', 15_000);
  });

  const metrics = async () => (await fetch(`${base}/metrics`)).text();
  const peakOf = (text: string) =>
    Object.fromEntries(
      samples(text, 'launchday_forecast_peak_viewers')
        .filter((s) => s.labels.event === EVENT)
        .map((s) => [s.labels.band!, s.value])
    ) as Record<'p10' | 'p50' | 'p90', number>;

  async function openWarRoom(viewport: { width: number; height: number }, query = ''): Promise<Page> {
    const page = await browser!.newPage({ viewport });
    await page.goto(`${base}/preview/?poll=0${query}`);
    await page.waitForFunction(() => Number(document.body.dataset.loaded ?? 0) >= 1, undefined, { timeout: 20_000 });
    return page;
  }

  test('in the failure window the finale is red on logins, with the published peak band', async () => {
    // The exporter says red on logins: the failure window has begun (the panel must agree, not decide).
    await waitFor(
      'the exporter publishing red on logins',
      async () => {
        const text = await metrics();
        const red = samples(text, 'launchday_event_status').some(
          (s) => s.labels.event === EVENT && s.labels.status === 'red' && s.value === 1
        );
        const logins = samples(text, 'launchday_event_binding_info').some(
          (s) => s.labels.event === EVENT && s.labels.resource === 'slo:login_success' && s.value === 1
        );
        return red && logins ? true : undefined;
      },
      90_000
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\n${output.slice(-3000)}`);
    });

    const page = await openWarRoom({ width: 1920, height: 1080 });
    const tile = page.locator(`${byTestId(testIds.eventTile)}[data-event="${EVENT}"]`);
    await tile.waitFor({ timeout: 15_000 });
    assert.equal(await tile.getAttribute('data-status'), 'red');
    assert.match(await tile.innerText(), /RED[\s\S]*logins \d+\.\d% < \d+(\.\d+)?% SLO/);
    assert.equal(await page.locator(byTestId(testIds.loginStrip)).getAttribute('data-state'), 'breached');
    const tag = page.locator(byTestId(testIds.replayTag));
    assert.equal(await tag.getAttribute('data-time-scale'), String(SPEED));
    assert.match(await tag.innerText(), new RegExp(`REPLAY ×${SPEED}`));

    // The same instant: /metrics read before and after the page read its snapshot, unchanged in between.
    let compared = false;
    for (let attempt = 0; attempt < 6 && !compared; attempt++) {
      const beforeRead = peakOf(await metrics());
      await page.reload();
      await page.waitForFunction(() => Number(document.body.dataset.loaded ?? 0) >= 1);
      const shown = await tile.evaluate((el) => ({ p50: el.dataset.p50, p90: el.dataset.p90 }));
      const afterRead = peakOf(await metrics());
      if (beforeRead.p50 !== afterRead.p50 || beforeRead.p90 !== afterRead.p90) continue; // a refresh came between
      assert.equal(Number(shown.p50), afterRead.p50, 'data-p50 is the published P50 peak');
      assert.equal(Number(shown.p90), afterRead.p90, 'data-p90 is the published P90 peak');
      compared = true;
    }
    assert.ok(compared, 'six tries, and a forecast refresh came between every pair of reads');
    // For docs/: a little more of the night drawn (the airing ends 56 replay minutes after 21:00).
    if (process.env.LAUNCHDAY_DOC_SHOTS === '1') {
      await sleep(20_000);
      await page.reload();
      await page.waitForFunction(() => Number(document.body.dataset.loaded ?? 0) >= 1);
      await tile.waitFor();
    }
    await page.screenshot({ path: join(OUTPUT_DIR, 'warroom-replay-1920x1080.png') });
    await page.close();

    const wall = await openWarRoom({ width: 3840, height: 2160 }, '&kiosk');
    await wall.locator(byTestId(testIds.eventTile)).first().waitFor();
    await wall.screenshot({ path: join(OUTPUT_DIR, 'warroom-replay-3840x2160.png') });
    await wall.close();
    for (const [w, h] of [
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      const exec = await browser!.newPage({ viewport: { width: w, height: h } });
      await exec.goto(`${base}/preview/exec?poll=0&kiosk`);
      await exec.locator(byTestId(executiveTestIds.watching)).waitFor({ timeout: 20_000 });
      assert.match(
        await exec.locator(byTestId(testIds.replayTag)).innerText(),
        /REPLAY ×60/,
        'the executive view says replay too'
      );
      await exec.screenshot({ path: join(OUTPUT_DIR, `executive-replay-${w}x${h}.png`) });
      await exec.close();
    }
  });
});
