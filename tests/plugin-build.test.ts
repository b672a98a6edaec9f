import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// `npm run build` as a user runs it: dist/ must be the app Grafana loads, with its panel and dashboards,
// and the Grafana runtime left to Grafana (externals, never bundled).
const root = join(__dirname, '..');
const dist = join(root, 'dist');
const json = (path: string) => JSON.parse(readFileSync(join(dist, path), 'utf8'));

test('npm run build produces the app, its nested panel and its dashboards in dist/', () => {
  // A preview page left from before build/preview existed: the plugin build must clean it away.
  mkdirSync(join(dist, 'harness'), { recursive: true });
  writeFileSync(join(dist, 'harness', 'index.html'), '<!doctype html>');
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, `${build.stdout}${build.stderr}`.slice(-3000));

  const app = json('plugin.json');
  assert.equal(app.type, 'app');
  assert.equal(app.id, 'launchday-control-app');
  assert.ok(existsSync(join(dist, 'module.js')));
  for (const include of app.includes as { type: string; path?: string; uid?: string }[]) {
    if (include.type !== 'dashboard') continue;
    assert.ok(existsSync(join(dist, include.path!)), `missing ${include.path}`);
    // Grafana's menu links the include by this uid (tests/grafana-rules.test.ts): the built file must carry it.
    assert.equal(json(include.path!).uid, include.uid, `${include.path} uid`);
  }

  // dist/ is the folder Grafana mounts: the plugin only, never the preview page (build/preview, npm run build:harness).
  assert.ok(!existsSync(join(dist, 'harness')), 'dist/harness survived the plugin build');
  const top = readdirSync(dist);
  for (const page of ['index.html', 'bench.html', 'main.js', 'bench.js']) {
    assert.ok(!top.includes(page), `dist/${page} is the preview's, not the plugin's`);
  }

  const panel = json('panels/overlay/plugin.json');
  assert.equal(panel.type, 'panel');
  assert.equal(panel.id, 'launchday-overlay-panel');
  assert.ok(app.includes.some((i: { type: string; name: string }) => i.type === 'panel' && i.name === panel.name));

  for (const module of ['module.js', 'panels/overlay/module.js']) {
    const head = readFileSync(join(dist, module), 'utf8').slice(0, 400);
    assert.match(head, /^\/\* \[create-plugin\] version/, `${module} is a create-plugin build`);
    const amd = /define\(\[([^\]]*)\]/.exec(head);
    assert.ok(amd, `${module} is an AMD module Grafana can load`);
    assert.match(amd[1]!, /"@grafana\/(data|ui)"/, `${module} takes @grafana/* from Grafana`);
  }
});
