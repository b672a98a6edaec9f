import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { executiveTestIds } from '../../src/panels/executive/testIds';
import { testIds } from '../../src/panels/overlay/testIds';
import { seriousViolations } from './axe';
import { buildHarness, CHROMIUM, HARNESS_DIR, launchChromium, OUTPUT_DIR } from './chromium';
import { emptyEvening, launchEvening } from './fixture';
import { type HarnessServer, startHarnessServer } from './server';

const byTestId = (id: string) => `[data-testid="${id}"]`;
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)`;

describe('the war room and the executive view in Chromium', { skip }, () => {
  let browser: Browser;
  let server: HarnessServer;
  let elsewhere: HarnessServer;

  before(async () => {
    buildHarness(true);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startHarnessServer(HARNESS_DIR);
    server.setSnapshot(launchEvening());
    // Another origin (another port) that would answer any page: only the preview's own check stops it.
    elsewhere = await startHarnessServer(HARNESS_DIR, { cors: true });
    elsewhere.setSnapshot(launchEvening());
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await elsewhere?.close();
  });

  async function open(path: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(() => Number(document.body.dataset.loaded ?? 0) >= 1);
    assert.deepEqual(errors, [], 'the page threw');
    return page;
  }

  test('at 3840x2160 tile numbers are at least 48 px and every other text at least 24 px', async () => {
    const page = await open('/preview/?tick=0&poll=0&kiosk', { width: 3840, height: 2160 });
    await page.waitForSelector(byTestId(testIds.eventTile));
    await page.waitForSelector(byTestId(testIds.bandProbe), { state: 'attached' });
    const sizes = await page.evaluate((tileSel) => {
      const out: Array<{ text: string; px: number; inTileNumber: boolean }> = [];
      const walker = document.createTreeWalker(document.getElementById('root')!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement!;
        const text = node.textContent?.trim() ?? '';
        const style = getComputedStyle(el);
        if (!text || el.closest('[hidden]') || style.display === 'none' || style.visibility === 'hidden') continue;
        if (el.getBoundingClientRect().width === 0) continue;
        const tile = el.closest(tileSel);
        const isNumber = !!tile && parseFloat(style.fontSize) >= 40;
        out.push({ text, px: parseFloat(style.fontSize), inTileNumber: isNumber });
      }
      return out;
    }, byTestId(testIds.eventTile));
    const numbers = sizes.filter((s) => s.inTileNumber);
    assert.equal(numbers.length, 3, `a tile shows three numbers: ${JSON.stringify(numbers)}`);
    for (const n of numbers) assert.ok(n.px >= 48, `tile number "${n.text}" at ${n.px} px`);
    const small = sizes.filter((s) => s.px < 24);
    assert.deepEqual(small, [], 'no text under 24 px');
    // Canvas text is scaled too: the font each plot's canvas last drew with (axis labels, the "now" label).
    const canvasFonts = await page.evaluate(() =>
      Array.from(document.querySelectorAll('canvas'), (c) => c.getContext('2d')!.font)
    );
    assert.ok(canvasFonts.length >= 3, `three plots: ${canvasFonts.join(' | ')}`);
    for (const font of canvasFonts) {
      const px = Number(/([\d.]+)px/.exec(font)?.[1]);
      assert.ok(px >= 24, `canvas text at ${font}`);
    }
    await page.screenshot({ path: join(OUTPUT_DIR, 'warroom-3840.png') });
    await page.close();
  });

  test('a title keeps its colour across two loads, whatever else is in view', async () => {
    // The colour the swatch is painted in, and the one the plot's series is configured with.
    const legendColour = async (page: Page, title: string) =>
      page
        .locator(`${byTestId(testIds.legendItem)}[data-title="${title}"] span`)
        .evaluate((el) => getComputedStyle(el).borderTopColor);
    const first = await open('/preview/?tick=0&poll=0');
    const colour = await legendColour(first, 'Cup Final');
    assert.ok(colour, 'the legend shows Cup Final with a swatch');
    await first.close();
    // The second load lists the titles in another order and drops one: ranks change, the colour must not.
    const evening = launchEvening();
    evening.series = evening.series.filter((s) => s.labels.title !== 'Dragon Saga').reverse();
    server.setSnapshot(evening);
    const second = await open('/preview/?tick=0&poll=0');
    assert.equal(await legendColour(second, 'Cup Final'), colour);
    await second.close();
    server.setSnapshot(launchEvening());
  });

  test('countdowns tick in real time between two snapshots', async () => {
    const page = await open('/preview/?poll=0');
    const tile = page.locator(byTestId(testIds.eventTile));
    const first = await tile.innerText();
    assert.match(first, /T-59m \d\ds|T-1h 00m/);
    await page.waitForFunction(
      ([sel, before]) => document.querySelector(sel)?.textContent !== before,
      [byTestId(testIds.eventTile), await tile.textContent()] as const,
      { timeout: 5000 }
    );
    assert.match(await tile.innerText(), /T-59m \d\ds/, 'a second later the tile counts 59 minutes and seconds');
    await page.close();
  });

  test('?kiosk drops the page chrome: the panel fills the window', async () => {
    const page = await open('/preview/?tick=0&poll=0&kiosk', { width: 1280, height: 720 });
    assert.equal(await page.locator('#status').isVisible(), false, 'no status line');
    const box = (await page.locator(byTestId(testIds.panel)).boundingBox())!;
    assert.ok(box.x <= 1 && box.y <= 1, `panel at ${box.x},${box.y}`);
    assert.ok(box.width >= 1279 && box.height >= 719, `panel ${box.width}x${box.height}`);
    await page.close();
  });

  test('/preview/exec says the audience in words and big numbers', async () => {
    const page = await open('/preview/exec?poll=0');
    const watching = page.locator(byTestId(executiveTestIds.watching));
    await watching.waitFor();
    const evening = launchEvening();
    const total = evening.series
      .filter((s) => s.name === 'launchday_concurrent_viewers')
      .reduce((sum, s) => sum + s.values[s.values.length - 1]!, 0);
    assert.equal(Number(await watching.getAttribute('data-value')), total);
    assert.match(await watching.innerText(), /Watching now\s+[\d,]+\s+people, at \d\d:\d\d/);
    const top = await page.locator(byTestId(executiveTestIds.topTitle)).allInnerTexts();
    assert.equal(top.length, 5);
    assert.match(top[0]!, /^Dragon Saga\s*[\d,]+$/);
    assert.match(await page.locator(byTestId(executiveTestIds.record)).innerText(), /All-time record/);
    await page.close();
  });

  test('a source on another origin is never rendered, even when that origin allows any page to read it', async () => {
    const before = elsewhere.requests();
    const page = await browser.newPage();
    const foreign = encodeURIComponent(`${elsewhere.url}/api/v1/history`);
    await page.goto(`${server.url}/preview/index.html?source=${foreign}&poll=0`);
    await page.waitForFunction(() => document.body.dataset.refused === '1');
    assert.match((await page.locator('#status').textContent()) ?? '', /refused \?source=.*own origin/);
    assert.equal(await page.locator(byTestId(testIds.panel)).count(), 0, 'nothing drawn');
    assert.equal(elsewhere.requests(), before, 'the other origin was not even asked');
    const res = await page.goto(`${server.url}/preview/?source=${foreign}`);
    assert.equal(res?.status(), 400, 'the exporter refuses the address itself');
    await page.close();
  });

  for (const [name, path, viewport] of [
    ['the war room', '/preview/?tick=0&poll=0', undefined],
    ['the war room, light', '/preview/?tick=0&poll=0&theme=light', undefined],
    ['the war room at 3840x2160 in kiosk', '/preview/?tick=0&poll=0&kiosk', { width: 3840, height: 2160 }],
    ['the executive view', '/preview/exec?poll=0', undefined],
    ['the executive view, light', '/preview/exec?poll=0&theme=light', undefined],
  ] as const) {
    test(`axe-core: no serious or critical violation on ${name}`, async () => {
      const page = await open(path, viewport);
      await page.waitForTimeout(500);
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
      await page.close();
    });
  }

  test('axe-core: no serious or critical violation on the "no data" state', async () => {
    server.setSnapshot(emptyEvening());
    try {
      const page = await open('/preview/?tick=0&poll=0');
      await page.waitForSelector(byTestId(testIds.state));
      assert.deepEqual(await seriousViolations(page), []);
      await page.close();
    } finally {
      server.setSnapshot(launchEvening());
    }
  });
});
