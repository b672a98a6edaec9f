// Writes a review: each chart's SVG screenshotted to PNG in Chromium, the HTML page with them inlined,
// and Chromium's PDF of that page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { ReviewData } from './collect';
import { reviewCharts } from './charts';
import { reviewHtml } from './html';

export interface WrittenReview {
  html: string;
  pdf: string;
  charts: string[];
}

/** Headless, sandbox-free (containers), and nothing that reaches the network: the review renders offline. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function writeReview(
  data: ReviewData,
  outDir: string,
  opts: { executablePath?: string; onProgress?: (m: string) => void } = {}
): Promise<WrittenReview> {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: opts.executablePath ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 400 }, deviceScaleFactor: 2 });
    const charts: { name: string; png: Buffer }[] = [];
    for (const chart of reviewCharts(data)) {
      opts.onProgress?.(`chart ${chart.name}`);
      await page.setContent(`<!doctype html><body style="margin:0">${chart.svg}</body>`);
      const png = await page.locator('svg').screenshot({ type: 'png' });
      writeFileSync(join(outDir, chart.name), png);
      charts.push({ name: chart.name, png });
    }
    const html = reviewHtml(data, charts);
    const htmlFile = join(outDir, 'review.html');
    writeFileSync(htmlFile, html);
    opts.onProgress?.('PDF');
    await page.setContent(html, { waitUntil: 'load' });
    const pdfFile = join(outDir, 'review.pdf');
    await page.pdf({
      path: pdfFile,
      format: 'A4',
      printBackground: true,
      margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
    });
    return { html: htmlFile, pdf: pdfFile, charts: charts.map((c) => join(outDir, c.name)) };
  } finally {
    await browser.close();
  }
}
