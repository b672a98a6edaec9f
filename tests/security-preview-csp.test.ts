// The preview page renders under the exporter's own Content-Security-Policy, in real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../exporter/config/schema';
import { createLogger } from '../exporter/log';
import { launchModule } from '../exporter/modules/launchModule';
import { startExporter } from '../exporter/serve';
import { CHROMIUM, HARNESS_DIR, launchChromium } from './browser/chromium';

const ready = existsSync(join(HARNESS_DIR, 'main.js')) && existsSync(CHROMIUM);

test(
  'the preview page loads its snapshot with no CSP violation',
  { skip: !ready && 'no harness build or Chromium' },
  async () => {
    const exporter = await startExporter(
      resolveConfig({ listen: '127.0.0.1:0', logLevel: 'silent', calendar: { sources: [{ name: 'demo', demo: {} }] } }),
      createLogger('silent'),
      [launchModule]
    );
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(
            `Refused to load: CSP ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`
          )
        );
      });
      const response = await page.goto(`${exporter.url}/preview/`);
      assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
      await page.waitForFunction(() => document.body.dataset.loaded === '1', undefined, { timeout: 20_000 });
      assert.match((await page.textContent('#status')) ?? '', /^Loaded \/api\/v1\/history/);
      // zod probes `new Function('')` once to decide whether to compile its parsers, and falls back to
      // the interpreter when the CSP refuses it: that single eval report is expected, nothing else is.
      assert.deepEqual(
        violations.filter((v) => !/CSP script-src eval /.test(v)),
        []
      );
    } finally {
      await browser.close();
      await exporter.shutdown();
    }
  }
);
