import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The checks a reviewer would run before reading: types (strict, both projects), lint, format.
const root = join(__dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

function run(command: string, args: string[]) {
  const out = spawnSync(bin(command), args, { cwd: root, encoding: 'utf8' });
  return { status: out.status, output: `${out.stdout}${out.stderr}`.slice(-4000) };
}

test('TypeScript strict typecheck passes for the node rooms (core, exporter, simulator, tests, bench)', () => {
  const r = run('tsc', ['-p', 'tsconfig.json', '--noEmit']);
  assert.equal(r.status, 0, r.output);
});

test('TypeScript strict typecheck passes for the Grafana app (src and the core it uses)', () => {
  const r = run('tsc', ['-p', 'tsconfig.plugin.json', '--noEmit']);
  assert.equal(r.status, 0, r.output);
});

test('ESLint finds nothing, including the rule that keeps core/ free of I/O and frameworks', () => {
  const r = run('eslint', ['.', '--max-warnings=0']);
  assert.equal(r.status, 0, r.output);
});

test('Prettier finds every file formatted', () => {
  const r = run('prettier', ['--check', '.', '--log-level=warn']);
  assert.equal(r.status, 0, r.output);
});
