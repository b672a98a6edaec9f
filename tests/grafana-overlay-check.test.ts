// The e2e specs' "the overlay drew its plot" check (tests/e2e/overlayDrawn.ts), run where it can run: on
// the harness page in Chromium, which mounts the same panel. It must pass on a panel with data and fail,
// naming the state, on one without; otherwise a broken panel in Grafana would pass the e2e specs.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { buildHarness, CHROMIUM, HARNESS_DIR, launchChromium } from './browser/chromium';
import { emptyEvening, launchEvening } from './browser/fixture';
import { type HarnessServer, startHarnessServer } from './browser/server';
import { overlayProblem } from './e2e/overlayDrawn';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)`;

describe("the e2e specs' overlay check", { skip }, () => {
  let browser: Browser;
  let server: HarnessServer;
  // A copy of this build: the browser tests rebuild build/preview in place, maybe while this file runs.
  const pageDir = mkdtempSync(join(tmpdir(), 'launchday-harness-'));

  before(async () => {
    buildHarness();
    cpSync(HARNESS_DIR, pageDir, { recursive: true });
    server = await startHarnessServer(pageDir);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(pageDir, { recursive: true, force: true });
  });

  async function open(snapshot: unknown): Promise<Page> {
    server.setSnapshot(snapshot);
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(`${server.url}/preview/index.html?source=/api/v1/history&width=960&height=640&poll=0`);
    await page.waitForFunction(() => document.body.dataset.loaded === '1');
    return page;
  }

  test('passes on a panel that drew its plot from data', async () => {
    const page = await open(launchEvening());
    assert.equal(await overlayProblem(page.locator('body')), undefined);
    await page.close();
  });

  test('fails on a panel that shows its no-data state, naming it', async () => {
    const page = await open(emptyEvening());
    assert.match((await overlayProblem(page.locator('body'))) ?? 'passed', /shows its no-data state/);
    await page.close();
  });
});
