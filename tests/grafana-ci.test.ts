// .ci/run, the CI entry: it must install with `npm ci` (the lock as users' CI reads it) and fail the build,
// with the summary line CI reads, when npm ci refuses the lock. Run on a copy, with `npm` and the Debian
// tools stood in by scripts on PATH, so nothing is installed and the work tree is not touched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { repoRoot } from './fixtures/stack/provisioned-files';

const tools = ['prometheus', 'promtool', 'prometheus-alertmanager', 'nginx', 'ffmpeg', 'chromium', 'docker-compose'];
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs a copy of .ci/run with an `npm` that logs its arguments and exits with `ciStatus` for `npm ci`. */
function runCi(ciStatus: number): { status: number | null; stdout: string; npmCalls: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'launchday-ci-'));
  dirs.push(root);
  mkdirSync(join(root, '.ci'));
  cpSync(join(repoRoot, '.ci', 'run'), join(root, '.ci', 'run'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const log = join(root, 'npm.log');
  const script = (body: string) => `#!/usr/bin/env bash\n${body}\n`;
  writeFileSync(
    join(bin, 'npm'),
    script(
      `echo "$*" >> ${JSON.stringify(log)}\n` +
        `if [ "$1" = ci ]; then exit ${ciStatus}; fi\n` +
        `if [ "$1" = test ]; then echo "3 passed, 0 failed"; exit 0; fi\nexit 0`
    )
  );
  for (const tool of tools) writeFileSync(join(bin, tool), script('exit 0'));
  for (const file of ['npm', ...tools]) chmodSync(join(bin, file), 0o755);
  writeFileSync(log, '');
  const run = spawnSync('bash', [join(root, '.ci', 'run')], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
  });
  const npmCalls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { status: run.status, stdout: run.stdout, npmCalls };
}

test('.ci/run fails the build with "0 passed, 1 failed" when npm ci refuses the lock', () => {
  const { status, stdout, npmCalls } = runCi(1);
  assert.notEqual(status, 0);
  assert.equal(stdout.trim().split('\n').at(-1), '0 passed, 1 failed');
  assert.equal(npmCalls.length, 1, `npm ran only once (no fallback install, no tests): ${npmCalls.join('; ')}`);
  assert.match(npmCalls[0]!, /^ci\b/);
});

test('.ci/run installs with npm ci, then runs npm test and ends with its summary', () => {
  const { status, stdout, npmCalls } = runCi(0);
  assert.equal(status, 0);
  assert.deepEqual(
    npmCalls.map((call) => call.split(' ')[0]),
    ['ci', 'test']
  );
  assert.equal(stdout.trim().split('\n').at(-1), '3 passed, 0 failed');
});
