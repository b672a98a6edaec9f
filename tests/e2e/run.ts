// npm run e2e: the @grafana/plugin-e2e specs against GRAFANA_URL, or one clear line saying why they skip.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { grafanaUnreachable } from './grafana';

async function main() {
  const unreachable = await grafanaUnreachable();
  if (unreachable) {
    console.log(`e2e skipped: ${unreachable}`);
    return;
  }
  const cli = join(__dirname, '..', '..', 'node_modules', '@playwright', 'test', 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'test', '-c', join(__dirname, 'playwright.config.ts')], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}

void main();
