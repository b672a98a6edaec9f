import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { testIds } from '../../src/panels/overlay/testIds';
import { buildHarness, CHROMIUM, HARNESS_DIR, launchChromium, OUTPUT_DIR } from './chromium';
import { capacityOnly, emptyEvening, launchEvening, NOW } from './fixture';
import { type HarnessServer, startHarnessServer } from './server';

const byTestId = (id: string) => `[data-testid="${id}"]`;
type Rgba = [number, number, number, number];

function parseColor(css: string): [number, number, number] {
  const hex = css.match(/^#([0-9a-f]{6})/i);
  if (hex) {
    const n = parseInt(hex[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const rgb = css.match(/rgba?\((\d+),\s*(\d+),\s*(\d+)/);
  assert.ok(rgb, `unparsed colour ${css}`);
  return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
}

const distance = (a: readonly number[], b: readonly number[]) =>
  Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

/** The main plot canvas's pixel under a probe (CSS px from the plotting area's corner), plus `dy` CSS px. */
async function pixelAt(page: Page, probeId: string, dy = 0): Promise<{ rgba: Rgba; color: string }> {
  return page.evaluate(
    ({ mainSel, probeSel, dy }) => {
      const main = document.querySelector(mainSel)!;
      const probe = main.querySelector(probeSel) as HTMLElement;
      const over = main.querySelector('.u-over') as HTMLElement;
      const canvas = main.querySelector('canvas') as HTMLCanvasElement;
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const x = Math.round((parseFloat(over.style.left) + Number(probe.dataset.x)) * ratio);
      const y = Math.round((parseFloat(over.style.top) + Number(probe.dataset.y) + dy) * ratio);
      const d = canvas.getContext('2d')!.getImageData(x, y, 1, 1).data;
      return { rgba: [d[0], d[1], d[2], d[3]] as [number, number, number, number], color: probe.dataset.color! };
    },
    { mainSel: byTestId(testIds.mainPlot), probeSel: byTestId(probeId), dy }
  );
}

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)`;

describe('the overlay panel in Chromium', { skip }, () => {
  let browser: Browser;
  let server: HarnessServer;

  before(async () => {
    buildHarness();
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startHarnessServer(HARNESS_DIR);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(theme: 'dark' | 'light', snapshot: unknown, poll = false): Promise<Page> {
    server.setSnapshot(snapshot);
    const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(
      `${server.url}/preview/index.html?source=/api/v1/history&theme=${theme}&width=1160&height=700&poll=${poll ? 1 : 0}&tick=0`
    );
    await page.waitForFunction(() => document.body.dataset.loaded === '1');
    assert.deepEqual(errors, [], 'the page threw');
    return page;
  }

  for (const theme of ['dark', 'light'] as const) {
    test(`draws regions, the status tile, band and capacity in the ${theme} theme`, async () => {
      const page = await open(theme, launchEvening());
      await page.waitForSelector(byTestId(testIds.bandProbe), { state: 'attached' });
      await page.waitForSelector(byTestId(testIds.capacityProbe), { state: 'attached' });
      await page.screenshot({ path: join(OUTPUT_DIR, `overlay-${theme}.png`) });

      const labels = await page.locator(byTestId(testIds.eventLabel)).allInnerTexts();
      assert.equal(labels.length, 2, `event labels: ${labels.join(' | ')}`);
      assert.match(labels[0]!, /Night Court S2E4\s+episode · T\+4h 00m/);
      assert.match(labels[1]!, /Dragon Saga finale\s+premiere · T-1h 00m/);

      const tiles = page.locator(byTestId(testIds.eventTile));
      assert.equal(await tiles.count(), 1, 'one upcoming event, one tile');
      const tile = tiles.first();
      const text = await tile.innerText();
      assert.match(text, /Dragon Saga finale/);
      assert.match(text, /T-1h 00m/);
      assert.match(text, /viewers saturate in 25m 00s/, 'the reason counts down to the published P50 crossing');
      assert.match(text, /300k\s+peak \(240k–380k\)/);
      assert.match(text, /-15%\s+headroom viewers/);
      assert.equal(await tile.getAttribute('data-event'), 'premiere-dragon');
      assert.equal(await tile.getAttribute('data-p50'), '300000');
      assert.equal(await tile.getAttribute('data-p90'), '380000');
      const status = await tile.getAttribute('data-status');
      assert.equal(status, 'red', 'the published status, not one the panel computed');
      assert.ok(text.includes(status.toUpperCase()), 'the text names the status the colour shows');
      const statusColour = (await tile.getAttribute('data-color'))!;
      const border = await tile.evaluate((el) => getComputedStyle(el).borderLeftColor);
      assert.ok(distance(parseColor(border), parseColor(statusColour)) < 2, `${border} vs ${statusColour}`);
      const expectedHue = { green: [1, 0], amber: [1, 1], red: [0, 1] }[status as 'green' | 'amber' | 'red'];
      const [r, g] = parseColor(statusColour);
      assert.equal(g > r ? 1 : 0, expectedHue[0], `status ${status} drawn in ${statusColour}`);

      const band = await pixelAt(page, testIds.bandProbe);
      assert.ok(band.rgba[3] > 40, `band pixel is painted (alpha ${band.rgba[3]})`);
      assert.ok(
        distance(band.rgba, parseColor(band.color)) < 70,
        `band pixel ${band.rgba} is the band colour ${band.color}`
      );
      const capacity = await pixelAt(page, testIds.capacityProbe);
      assert.ok(capacity.rgba[3] > 200, `capacity pixel is opaque (alpha ${capacity.rgba[3]})`);
      assert.ok(
        distance(capacity.rgba, parseColor(capacity.color)) < 40,
        `capacity pixel ${capacity.rgba} vs ${capacity.color}`
      );
      const aboveCapacity = await pixelAt(page, testIds.capacityProbe, -6);
      assert.ok(
        distance(aboveCapacity.rgba, parseColor(capacity.color)) > 40 || aboveCapacity.rgba[3] < 100,
        'the line is a line'
      );

      assert.equal(await page.locator(byTestId(testIds.loginStrip)).count(), 1);
      assert.equal(await page.locator(byTestId(testIds.segmentStrip)).count(), 1);
      await page.close();
    });
  }

  test('the tooltip shows every value at the hovered time and the event under the cursor', async () => {
    const page = await open('dark', launchEvening());
    await page.waitForSelector(byTestId(testIds.bandProbe), { state: 'attached' });
    const over = page.locator(`${byTestId(testIds.mainPlot)} .u-over`);
    const box = (await over.boundingBox())!;
    // The window runs from 6 h before now to 3 h 15 min after (the premiere's end): hover 4 h ago, inside the episode.
    const span = 6 * 60 + 3 * 60 + 15;
    await over.hover({ position: { x: (box.width * (2 * 60 + 20)) / span, y: box.height / 2 } });
    const tooltip = page.locator(byTestId(testIds.tooltip));
    await tooltip.waitFor();
    const text = await tooltip.innerText();
    assert.match(text, /Night Court S2E4 · episode/);
    for (const label of ['Dragon Saga', 'other', 'Total', 'Capacity', 'Login success', 'Segment errors']) {
      assert.ok(text.includes(label), `tooltip lists ${label}: ${text}`);
    }
    // The crosshair is shared: the login strip's cursor line stands where the main plot's does.
    const cursorX = (sel: string) =>
      page.$eval(`${sel} .u-cursor-x`, (el) => ({
        off: el.classList.contains('u-off'),
        x: el.getBoundingClientRect().left,
      }));
    const main = await cursorX(byTestId(testIds.mainPlot));
    const strip = await cursorX(byTestId(testIds.loginStrip));
    assert.equal(strip.off, false, 'the strip shows the crosshair');
    assert.ok(Math.abs(main.x - strip.x) <= 1, `crosshair at ${main.x} and ${strip.x}`);
    await page.screenshot({ path: join(OUTPUT_DIR, 'overlay-tooltip.png') });
    // In the future: the forecast and the premiere, no samples.
    await over.hover({ position: { x: (box.width * (6 * 60 + 90)) / span, y: box.height / 2 } });
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent?.includes('Dragon Saga finale · premiere'),
      byTestId(testIds.tooltip)
    );
    const future = await tooltip.innerText();
    assert.match(future, /Forecast P50 \(P10–P90\)/);
    assert.ok(!future.includes('Total'), 'no samples in the future');
    await page.close();
  });

  test('says "no data" and what to query when the queries return nothing', async () => {
    const page = await open('light', emptyEvening());
    const state = page.locator(byTestId(testIds.state));
    assert.equal(await state.getAttribute('data-state'), 'no-data');
    assert.match(await state.innerText(), /sum by \(title\) \(launchday_concurrent_viewers\)/);
    await page.screenshot({ path: join(OUTPUT_DIR, 'overlay-no-data.png') });
    await page.close();
  });

  test('an exporter that has seen no viewer yet: "no viewers in range", with what to check', async () => {
    const page = await open('dark', capacityOnly());
    const state = page.locator(byTestId(testIds.state));
    assert.equal(await state.getAttribute('data-state'), 'no-data');
    assert.match(await state.innerText(), /No viewers in range[\s\S]*exporter is scraped/);
    await page.close();
  });

  test('the preview polls the history every 5 s and redraws with what changed', async () => {
    const evening = launchEvening();
    const page = await open('dark', evening, true);
    await page.waitForSelector(byTestId(testIds.eventLabel));
    const late = {
      id: 'late',
      title: 'Late show',
      kind: 'live',
      start: NOW + 30 * 60_000,
      end: NOW + 90 * 60_000,
      timeZone: 'UTC',
    };
    server.setSnapshot({ ...evening, events: [...evening.events, late] });
    await page.waitForFunction(() => document.body.dataset.loaded === '2', undefined, { timeout: 8000 });
    await page.waitForSelector(`${byTestId(testIds.eventLabel)}[data-event-id="annotation-late"]`);
    assert.equal(await page.locator(byTestId(testIds.eventTile)).count(), 1, 'nothing published for the late show');
    await page.close();
  });

  test('an invalid history is refused with the reason, and the last good one stays drawn', async () => {
    const page = await open('dark', launchEvening(), true);
    server.setSnapshot({
      now: NOW,
      series: [{ name: 'launchday_concurrent_viewers', labels: {}, times: [1, 2], values: [1] }],
      events: [],
    });
    await page.waitForFunction(
      () => document.getElementById('status')?.textContent?.includes('invalid history'),
      undefined,
      { timeout: 8000 }
    );
    assert.match((await page.locator('#status').textContent()) ?? '', /series\.0: times and values differ in length/);
    assert.equal(await page.locator(byTestId(testIds.mainPlot)).count(), 1);
    await page.close();
  });
});
