// docker-compose.yml, validated by Debian's docker-compose (v1) and read for what the stack promises.
// No Docker engine runs here: `docker-compose config` parses, validates and resolves the file only.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { repoRoot } from './fixtures/stack/provisioned-files';

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  /** docker-compose v1 resolves mounts to `SOURCE:TARGET:MODE` strings. */
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}

const composeFile = join(repoRoot, 'docker-compose.yml');
const hasCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;

let resolved: { services: Record<string, Service> } | undefined;

/** The file as docker-compose resolves it (paths made absolute, anchors merged), parsed once. */
function resolvedConfig(): { services: Record<string, Service> } {
  if (resolved) return resolved;
  const result = spawnSync('docker-compose', ['-f', composeFile, 'config'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  resolved = parse(result.stdout) as { services: Record<string, Service> };
  return resolved;
}

/** The host source mounted at `target` in a service, if any. */
function mountSource(service: Service, target: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const [source, mounted] = volume.split(':');
    if (mounted === target) return source;
  }
  return undefined;
}

/** The app's id and every nested panel's (src/panels/<name>/plugin.json). */
function ourPluginIds(): string[] {
  const read = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { id: string }).id;
  const panels = join(repoRoot, 'src', 'panels');
  const nested = readdirSync(panels)
    .map((name) => join(panels, name, 'plugin.json'))
    .filter((path) => existsSync(path));
  return [read(join(repoRoot, 'plugin.json')), ...nested.map(read)];
}

const skip = !hasCompose && 'docker-compose is not installed (.ci/run installs it)';

test('docker-compose config validates the file', { skip }, () => {
  const result = spawnSync('docker-compose', ['-f', composeFile, 'config', '--quiet'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
});

test('the stack has the exporter, simulator, Prometheus, Alertmanager and Grafana, images pinned', { skip }, () => {
  const { services } = resolvedConfig();
  for (const name of ['exporter', 'simulator', 'prometheus', 'alertmanager', 'grafana'])
    assert.ok(services[name], name);
  for (const [name, service] of Object.entries(services)) {
    if (service.image && !service.build) {
      assert.match(service.image, /:[\w.-]+$/, `${name} image has a tag`);
      assert.doesNotMatch(service.image, /:latest$/, `${name} image is pinned`);
    }
  }
  assert.equal(services.grafana!.image, 'grafana/grafana:13.2.3');
});

test('the exporter and the simulator are the image built from the repo Dockerfile', { skip }, () => {
  const { services } = resolvedConfig();
  for (const name of ['exporter', 'simulator']) {
    assert.equal(services[name]!.build?.context, repoRoot, `${name} builds from the repo`);
    assert.equal(services[name]!.build?.dockerfile, 'Dockerfile');
  }
  assert.equal(services.exporter!.command?.[0], 'serve');
  assert.equal(services.simulator!.command?.[0], 'simulate');
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /ENTRYPOINT \["node", "bin\/launchday\.cjs"\]/);
});

test(
  'Grafana loads dist/ as the app, unsigned only for our two plugin ids, with provisioning mounted',
  { skip },
  () => {
    const grafana = resolvedConfig().services.grafana!;
    // Every plugin we build (the app and each nested panel, checked by its own id), and no one else's.
    const allowed = (grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS ?? '').split(',');
    for (const id of ourPluginIds()) assert.ok(allowed.includes(id), `${id} may load unsigned`);
    for (const id of allowed) assert.match(id, /^launchday-/, `only our plugins load unsigned, not ${id}`);
    assert.equal(mountSource(grafana, '/var/lib/grafana/plugins/launchday-control-app'), join(repoRoot, 'dist'));
    assert.equal(mountSource(grafana, '/etc/grafana/provisioning'), join(repoRoot, 'provisioning', 'grafana'));
  }
);

test('Grafana starts offline-clean: no plugin preinstall, and the war room as home page by redirect', { skip }, () => {
  const env = resolvedConfig().services.grafana!.environment ?? {};
  // [plugins] preinstall_disabled (pkg/setting/setting_plugins.go): no catalogue downloads at boot.
  assert.equal(env.GF_PLUGINS_PREINSTALL_DISABLED, 'true');
  // [users] home_page redirects to the imported dashboard; a home dashboard file would be a second copy.
  assert.equal(env.GF_USERS_HOME_PAGE, '/d/launchday-war-room');
  assert.equal(env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH, undefined);
});

test('Prometheus and Alertmanager run the provisioned configuration', { skip }, () => {
  const { services } = resolvedConfig();
  const prometheus = services.prometheus!;
  assert.equal(mountSource(prometheus, '/etc/prometheus'), join(repoRoot, 'provisioning', 'prometheus'));
  assert.ok(prometheus.command?.includes('--config.file=/etc/prometheus/prometheus.yml'));
  const alertmanager = services.alertmanager!;
  assert.equal(mountSource(alertmanager, '/etc/alertmanager'), join(repoRoot, 'provisioning', 'alertmanager'));
  // prometheus.yml's targets are the compose service names.
  const promConfig = readFileSync(join(repoRoot, 'provisioning', 'prometheus', 'prometheus.yml'), 'utf8');
  assert.match(promConfig, /exporter:9464/);
  assert.match(promConfig, /alertmanager:9093/);
});

test('every long-running service has a healthcheck, and dependants wait for it', { skip }, () => {
  const { services } = resolvedConfig();
  for (const [name, service] of Object.entries(services)) {
    if (name === 'simulator') continue; // a client that exits when its scenario ends
    assert.ok(service.healthcheck?.test?.length && !service.healthcheck.disable, `${name} has a healthcheck`);
  }
  assert.equal(services.simulator!.depends_on?.exporter?.condition, 'service_healthy');
  assert.equal(services.prometheus!.depends_on?.exporter?.condition, 'service_healthy');
  assert.equal(services.grafana!.depends_on?.prometheus?.condition, 'service_healthy');
});

test('.dockerignore keeps what `launchday serve` and `simulate` need in the image', () => {
  const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'));
  const needed = [
    'package.json',
    'package-lock.json',
    'bin/launchday.cjs',
    'core',
    'exporter',
    'simulator',
    'provisioning/exporter',
  ];
  for (const path of needed) {
    const hit = ignored.find((pattern) => path === pattern || path.startsWith(`${pattern}/`));
    assert.equal(hit, undefined, `${path} is excluded from the image by "${hit}"`);
  }
});
