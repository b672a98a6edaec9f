import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadScenario } from '../simulator/scenario/loadScenario';
import { scenarioExporterConfig } from '../simulator/scenario/scenarioExporterConfig';
import { makeTempDir, spawnComponent, type ComponentProcess } from './support/componentProcess';
import { freePort } from './support/freePort';
import { waitForHttp } from './support/waitForHttp';

// `launchday simulate` as users run it: through bin/launchday.cjs, against a real exporter.
const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'launchday.cjs');
const cli = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

let exporter: ComponentProcess;
let url: string;
let dir: string;

before(async () => {
  dir = makeTempDir('sim-cli');
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const config = join(dir, 'exporter.yaml');
  const scenario = loadScenario('wwe-raw-weekly');
  writeFileSync(
    config,
    stringify(scenarioExporterConfig(scenario, { listen: `127.0.0.1:${port}`, heartbeatIntervalSeconds: 1 }))
  );
  exporter = spawnComponent(process.execPath, [BIN, 'serve', '--config', config], dir, ROOT);
  await waitForHttp(`${url}/readyz`, 30_000, exporter.alive);
});
after(async () => {
  await exporter?.stop();
});

test('--list names the seven scenarios', () => {
  const run = cli(['simulate', '--list']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim().split('\n').length, 7);
  assert.match(run.stdout, /^tyson-paul-live\t/m);
});

test('a broken scenario file is refused with its field, and nothing is sent', () => {
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, 'name: broken\nwindow: { from: "2024-01-01T00:00:00Z", to: "yesterday" }\n');
  const run = cli(['simulate', '--scenario', file, '--target', url]);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /broken\.yaml: invalid scenario/);
  assert.match(run.stderr, /window\.to: not an ISO 8601 instant/);
});

test('a bad --speed is refused before anything runs', () => {
  const run = cli(['simulate', '--scenario', 'wwe-raw-weekly', '--speed', '-3']);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /--speed must be a positive number/);
});

test('a short replay reaches the exporter: every event accepted, viewers on /metrics, a summary line', async () => {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'simulate',
      '--scenario',
      'wwe-raw-weekly',
      '--target',
      url,
      '--speed',
      '3600',
      '--start',
      'now',
      '--duration',
      '1h',
      '--tick',
      '0.2',
      '--heartbeat-interval',
      '1',
      '--max-sessions',
      '300',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, stderr);
  assert.match(stderr, /launchday simulate: wwe-raw-weekly from 2025-01-06 20:00/);
  assert.match(stderr, /done: 5\/5 ticks, .* events sent \(\d+ accepted, 0 rejected, 0 throttled\)/);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  assert.match(metrics, /launchday_concurrent_viewers\{title="WWE Raw",cdn="oca-na",region="na",device="\w+"\} [1-9]/);
  assert.match(metrics, /launchday_login_attempts_total\{method="password",region="na",device="\w+"\} [1-9]/);
});
