// The app's dashboards and Grafana provisioning, checked against each other and the plugin manifests.
// No Grafana runs here: these checks read the JSON and YAML Grafana would load.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { allPanels, dashboardQueries, loadDashboards, type Dashboard } from './fixtures/stack/dashboard-queries';
import { allRules, repoRoot } from './fixtures/stack/provisioned-files';

const expected: Record<string, string> = {
  'war-room.json': 'launchday-war-room',
  'capacity-review.json': 'launchday-capacity-review',
  'executive.json': 'launchday-executive',
};
const dashboards = loadDashboards();
const grafanaDir = join(repoRoot, 'provisioning', 'grafana');

// Grafana's own panel types the dashboards use; anything else must be a panel our plugin declares.
const corePanelTypes = new Set(['stat', 'timeseries', 'table', 'bargauge', 'gauge', 'text', 'row', 'alertlist']);

interface PluginManifest {
  id: string;
  type: string;
  includes?: Array<{ type: string; name: string; path?: string }>;
}
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const appManifest = existsSync(join(repoRoot, 'plugin.json'))
  ? readJson<PluginManifest>(join(repoRoot, 'plugin.json'))
  : undefined;
const panelsDir = join(repoRoot, 'src', 'panels');
const panelManifests = existsSync(panelsDir)
  ? readdirSync(panelsDir)
      .map((name) => join(panelsDir, name, 'plugin.json'))
      .filter((path) => existsSync(path))
      .map((path) => readJson<PluginManifest>(path))
  : [];
const declaredPanels = new Set(panelManifests.map((p) => p.id));

test('the three dashboards parse with their fixed uids', () => {
  assert.deepEqual([...dashboards.keys()].sort(), Object.keys(expected).sort());
  for (const [file, dashboard] of dashboards) {
    assert.equal(dashboard.uid, expected[file], file);
    assert.ok(dashboard.title.startsWith('Launchday'), `${file} title`);
    assert.ok(dashboard.tags.includes('launchday'), `${file} tags`);
  }
});

test(
  'the app manifest includes each dashboard by its path, and declares the overlay panel',
  { skip: !appManifest && 'no root plugin.json yet' },
  () => {
    const includes = appManifest!.includes ?? [];
    for (const file of Object.keys(expected)) {
      assert.ok(
        includes.some((i) => i.type === 'dashboard' && i.path === `dashboards/${file}`),
        `plugin.json includes dashboards/${file}`
      );
    }
    assert.equal(appManifest!.id, 'launchday-control-app');
    assert.ok(
      declaredPanels.has('launchday-overlay-panel'),
      'src/panels/*/plugin.json declares launchday-overlay-panel'
    );
  }
);

test('every panel is a Grafana panel or one our plugin declares, and the war room has the overlay', () => {
  for (const [file, dashboard] of dashboards) {
    for (const panel of allPanels(dashboard)) {
      const known = corePanelTypes.has(panel.type) || declaredPanels.has(panel.type);
      assert.ok(known, `${file}: panel "${panel.title}" has unknown type ${panel.type}`);
    }
  }
  const warRoom = dashboards.get('war-room.json')!;
  assert.ok(allPanels(warRoom).some((p) => p.type === 'launchday-overlay-panel'));
});

test('panel ids are unique and panels fit the 24-column grid without overlapping', () => {
  for (const [file, dashboard] of dashboards) {
    const panels = allPanels(dashboard);
    assert.equal(new Set(panels.map((p) => p.id)).size, panels.length, `${file}: duplicate panel id`);
    for (const [i, a] of panels.entries()) {
      assert.ok(a.gridPos.x >= 0 && a.gridPos.x + a.gridPos.w <= 24, `${file}: "${a.title}" leaves the grid`);
      for (const b of panels.slice(i + 1)) {
        const apart =
          a.gridPos.x + a.gridPos.w <= b.gridPos.x ||
          b.gridPos.x + b.gridPos.w <= a.gridPos.x ||
          a.gridPos.y + a.gridPos.h <= b.gridPos.y ||
          b.gridPos.y + b.gridPos.h <= a.gridPos.y;
        assert.ok(apart, `${file}: "${a.title}" overlaps "${b.title}"`);
      }
    }
  }
});

function provisionedDatasourceUid(): string {
  const file = parse(readFileSync(join(grafanaDir, 'datasources', 'launchday.yaml'), 'utf8')) as {
    datasources: Array<{ uid: string; type: string }>;
  };
  const prometheus = file.datasources.find((d) => d.type === 'prometheus');
  assert.ok(prometheus, 'a Prometheus data source is provisioned');
  return prometheus.uid;
}

function datasourceRefs(dashboard: Dashboard): Array<{ where: string; ref: { type?: string; uid?: string } }> {
  const refs: Array<{ where: string; ref: { type?: string; uid?: string } }> = [];
  for (const panel of allPanels(dashboard)) {
    if (panel.datasource) refs.push({ where: `panel "${panel.title}"`, ref: panel.datasource });
    for (const target of panel.targets ?? []) {
      if (target.datasource) refs.push({ where: `panel "${panel.title}" ${target.refId}`, ref: target.datasource });
    }
  }
  for (const a of dashboard.annotations.list)
    if (a.datasource) refs.push({ where: `annotation ${a.name}`, ref: a.datasource });
  for (const v of dashboard.templating.list)
    if (v.datasource) refs.push({ where: `variable ${v.name}`, ref: v.datasource });
  return refs;
}

test('every data source reference is the $datasource variable, which defaults to the provisioned Prometheus', () => {
  const uid = provisionedDatasourceUid();
  for (const [file, dashboard] of dashboards) {
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource' && v.name === 'datasource');
    assert.ok(variable, `${file} has a $datasource variable`);
    assert.equal(variable.query, 'prometheus');
    assert.equal(variable.current?.value, uid, `${file}: $datasource defaults to ${uid}`);
    for (const { where, ref } of datasourceRefs(dashboard)) {
      const builtIn = ref.type === 'grafana' && ref.uid === '-- Grafana --';
      assert.ok(
        builtIn || (ref.type === 'prometheus' && ref.uid === '${datasource}'),
        `${file}: ${where} uses ${JSON.stringify(ref)}`
      );
    }
  }
});

test('each dashboard has the title, region and CDN variables, and uses no undefined variable', () => {
  const macros = new Set(['__rate_interval', '__interval', '__range', '__range_s']);
  for (const [file, dashboard] of dashboards) {
    const names = new Set(dashboard.templating.list.map((v) => v.name));
    for (const needed of ['title', 'region', 'cdn']) assert.ok(names.has(needed), `${file} has $${needed}`);
    for (const query of dashboardQueries(file, dashboard)) {
      for (const [, name] of query.expr.matchAll(/\$\{?(\w+)\}?/g)) {
        assert.ok(names.has(name!) || macros.has(name!), `${file}: ${query.where} uses undefined $${name}`);
      }
    }
  }
});

test('each dashboard links to the two others, by uids that exist', () => {
  const uids = new Set(Object.values(expected));
  for (const [file, dashboard] of dashboards) {
    const targets = dashboard.links.map((l) => /^\/d\/([\w-]+)/.exec(l.url ?? '')?.[1]);
    for (const uid of targets) assert.ok(uid && uids.has(uid), `${file} links to an unknown dashboard ${uid}`);
    const others = [...uids].filter((uid) => uid !== dashboard.uid);
    assert.deepEqual(new Set(targets), new Set(others), `${file} links to both other dashboards`);
  }
});

test('Grafana provisioning enables the app, whose dashboard includes are then imported (no second route)', () => {
  const apps = parse(readFileSync(join(grafanaDir, 'plugins', 'launchday.yaml'), 'utf8')) as {
    apps: Array<{ type: string; disabled: boolean }>;
  };
  assert.deepEqual(
    apps.apps.map((a) => [a.type, a.disabled]),
    [['launchday-control-app', false]]
  );
  // The app's includes are the one route (tests/grafana-rules.test.ts): no dashboard file provider.
  assert.equal(existsSync(join(grafanaDir, 'dashboards')), false, 'provisioning/grafana/dashboards/ is gone');
});

test('dashboards and rules read only metrics of the contract (docs/metrics.md) or recorded by the rules', () => {
  const contract = readFileSync(join(repoRoot, 'docs', 'metrics.md'), 'utf8');
  const documented = new Set([...contract.matchAll(/^\| `(launchday_[a-z0-9_]+)`/gm)].map(([, name]) => name!));
  assert.ok(documented.size >= 20, 'the contract table was read');
  const recorded = new Set(allRules().flatMap((r) => (r.record ? [r.record] : [])));
  const expressions = [
    ...[...dashboards].flatMap(([file, dashboard]) =>
      dashboardQueries(file, dashboard).map((q) => ({ where: `${file}: ${q.where}`, expr: q.expr }))
    ),
    ...allRules().map((r) => ({ where: `rule ${r.record ?? r.alert}`, expr: r.expr })),
  ];
  for (const { where, expr } of expressions) {
    for (const [name] of expr.matchAll(/[a-z_]*:?launchday_[a-z0-9_]+(:[a-z0-9_]+)?/g)) {
      assert.ok(
        documented.has(name) || recorded.has(name),
        `${where} reads ${name}, which is neither in the contract nor recorded`
      );
    }
  }
});
