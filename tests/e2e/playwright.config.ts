import { dirname } from 'node:path';

import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig } from '@playwright/test';

// Specs for a real Grafana (GRAFANA_URL) with this app installed; run with `npm run e2e`.
// Playwright cannot download its browsers here, so Debian's Chromium is used.
const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;

export default defineConfig<PluginOptions>({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  outputDir: '../output/e2e',
  reporter: 'list',
  use: {
    baseURL: process.env.GRAFANA_URL || 'http://127.0.0.1:3000',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] },
  },
  projects: [
    { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
    {
      name: 'chromium',
      use: { storageState: 'playwright/.auth/admin.json' },
      dependencies: ['auth'],
    },
  ],
});
