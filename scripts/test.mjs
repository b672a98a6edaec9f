#!/usr/bin/env node
// The one test command: every node:test suite (core, exporter, simulator, tests) and, when the
// Grafana app has a Jest config, its Jest suites. Ends with the line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'tests', 'output');
mkdirSync(outDir, { recursive: true });

const nodeRooms = ['core', 'exporter', 'simulator', 'backtest', 'review', 'tests'];
const only = process.argv.slice(2);

function findTests(dir, found = []) {
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'output' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, found);
    else if (/\.test\.ts$/.test(name)) found.push(relative(root, path));
  }
  return found;
}

let files = nodeRooms.flatMap((room) => findTests(join(root, room)));
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));

const totals = { passed: 0, failed: 0, skipped: 0 };

/**
 * Suites that drive many real players in one Chromium run alone, after the rest: beside another heavy
 * suite on 2 cores their players were starved until their sessions expired (cmcd-players, full suite).
 */
const ALONE = ['tests/cmcd-players.test.ts'];

/** One node:test run over `list` with `concurrency` files at a time; its counts go to the totals. */
function runNodeTests(list, concurrency, name) {
  if (!list.length) return;
  const tap = join(outDir, `node-test.${process.pid}.${name}.tap`);
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...list,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } }
  );
  const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (key) => Number((summary.match(new RegExp(`^# ${key} (\\d+)`, 'm')) ?? [])[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped') + count('todo');
  if (run.status !== 0 && count('fail') + count('cancelled') === 0) totals.failed += 1; // runner itself broke
}

runNodeTests(
  files.filter((f) => !ALONE.includes(f)),
  2,
  'main'
);
runNodeTests(
  files.filter((f) => ALONE.includes(f)),
  1,
  'alone'
);

const jestConfig = join(root, 'jest.config.js');
if (existsSync(jestConfig) && (!only.length || only.some((o) => o.startsWith('src')))) {
  const report = join(outDir, `jest.${process.pid}.json`);
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--json', `--outputFile=${report}`],
    { cwd: root, stdio: 'inherit' }
  );
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    totals.skipped += r.numPendingTests + r.numTodoTests;
  } else if (run.status !== 0) totals.failed += 1;
}

// Each run writes its own report files (several runs may share the tree), removed once read.
for (const name of readdirSync(outDir)) if (name.includes(`.${process.pid}.`)) rmSync(join(outDir, name));
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
