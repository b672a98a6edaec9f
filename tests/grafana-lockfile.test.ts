// `npm ci` installs exactly package-lock.json and refuses a lock that misses a package some locked package
// names, including the optional, per-platform binaries (@swc/core-darwin-arm64, @unrs/resolver-binding-*...)
// that this machine never installs. A lock written by `npm install` on one platform can lack them, and a
// user's CI on another platform (or any `npm ci`) then stops at "Missing: ... from lock file".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { repoRoot } from './fixtures/stack/provisioned-files';

interface LockedPackage {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
};

/** Where Node would resolve `name` from the package at `from`: its own node_modules, then each parent's. */
function resolves(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (lock.packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

test("package-lock.json locks every dependency of every locked package, other platforms' binaries included", () => {
  assert.equal(lock.lockfileVersion, 3);
  const missing: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    // npm 7+ installs peers too, unless they are marked optional.
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter((n) => !pkg.peerDependenciesMeta?.[n]?.optional);
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), ...peers];
    for (const name of names) if (!resolves(path, name)) missing.push(`${name} (from ${path || 'the root'})`);
  }
  assert.deepEqual(missing, [], `not in the lock, so npm ci refuses it:\n${missing.join('\n')}`);
});

test("package-lock.json's root is package.json: the same dependencies at the same ranges", () => {
  // npm ci refuses a lock out of sync with package.json ("can only install packages when your package.json
  // and package-lock.json are in sync"): a dependency added to one and not the other breaks a clean clone.
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  const root = lock.packages[''] as Record<string, unknown> | undefined;
  assert.ok(root, 'the lock has a root package');
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    assert.deepEqual(root[field] ?? {}, manifest[field] ?? {}, `${field} of package.json and the lock's root`);
  }
});
