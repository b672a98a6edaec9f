// plugin.json, the dashboards and the Grafana provisioning, checked against the rules Grafana itself applies
// when it loads them. No Grafana runs here, so each rule is read from Grafana's source (paths below are in
// github.com/grafana/grafana unless named) and checked on the files Grafana would load.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { test } from 'node:test';

import { defaultDashboard } from '@grafana/schema';
import { parse } from 'yaml';

import { repoRoot } from './fixtures/stack/provisioned-files';

interface Include {
  type: string;
  name: string;
  path?: string;
  uid?: string;
  addToNav?: boolean;
  defaultNav?: boolean;
}
interface Link {
  title?: string;
  url?: string;
}
interface Panel {
  title?: string;
  links?: Link[];
  fieldConfig?: {
    defaults?: { links?: Link[] };
    overrides?: Array<{ properties?: Array<{ id: string; value?: unknown }> }>;
  };
  panels?: Panel[];
}
interface DashboardJson {
  uid: string;
  revision?: unknown;
  editable?: boolean;
  schemaVersion: number;
  links?: Link[];
  panels: Panel[];
}
interface FileProvider {
  name: string;
  type: string;
  allowUiUpdates?: boolean;
  options: { path: string };
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const readYaml = <T>(path: string): T => parse(readFileSync(path, 'utf8')) as T;

const app = readJson<{ id: string; includes: Include[] }>(join(repoRoot, 'plugin.json'));
const dashboardsDir = join(repoRoot, 'src', 'dashboards');
const dashboardFiles = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json'));
const dashboard = (file: string) => readJson<DashboardJson>(join(dashboardsDir, file));
const dashboardIncludes = app.includes.filter((i) => i.type === 'dashboard');

const compose = readYaml<{
  services: { grafana: { environment?: Record<string, string>; volumes?: string[] } };
}>(join(repoRoot, 'docker-compose.yml'));
const grafana = compose.services.grafana;

/** Where Grafana sees the app's folder: the compose mount of ./dist (the build copies src/dashboards there). */
function pluginDirInGrafana(): string {
  const mount = (grafana.volumes ?? []).map((v) => v.split(':')).find(([source]) => source === './dist');
  assert.ok(mount?.[1], 'docker-compose.yml mounts ./dist into Grafana');
  return mount[1];
}

function fileProviders(): FileProvider[] {
  const dir = join(repoRoot, 'provisioning', 'grafana', 'dashboards');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  } catch {
    return [];
  }
  return files.flatMap((f) => readYaml<{ providers?: FileProvider[] }>(join(dir, f)).providers ?? []);
}

type Route =
  | { kind: 'app include' }
  | { kind: 'file provider'; name: string; allowUiUpdates: boolean }
  | { kind: 'home dashboard file' };

/** Every way a dashboard file of the app reaches Grafana's database or its home page. */
function routesOf(file: string): Route[] {
  const routes: Route[] = [];
  // pkg/services/plugindashboards/service/dashboard_updater.go imports an enabled app's dashboard
  // includes (with overwrite) whenever the app's version differs from the one it last imported.
  if (dashboardIncludes.some((i) => i.path === `dashboards/${file}`)) routes.push({ kind: 'app include' });
  const inGrafana = posix.join(pluginDirInGrafana(), 'dashboards', file);
  // pkg/services/provisioning/dashboards/file_reader.go saves every JSON file under the provider's path.
  for (const provider of fileProviders()) {
    const root = provider.options.path.replace(/\/$/, '');
    if (provider.type === 'file' && (inGrafana === root || inGrafana.startsWith(`${root}/`))) {
      routes.push({ kind: 'file provider', name: provider.name, allowUiUpdates: provider.allowUiUpdates === true });
    }
  }
  // [dashboards] default_home_dashboard_path: served from the file, and provisioned by newer Grafanas
  // (pkg/services/provisioning/dashboards: TestProvisioningHomeDashboard).
  if (grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH === inGrafana) {
    routes.push({ kind: 'home dashboard file' });
  }
  return routes;
}

test('every dashboard include carries the uid of the dashboard it names, so Grafana can put it in the menu', () => {
  // pkg/services/navtree/navtreeimpl/applinks.go links an include only through Includes.DashboardURLPath()
  // ("" without a uid), and leaves an app with no nav children out of the menu altogether;
  // pkg/plugins/manager/pipeline/bootstrap/steps.go warns "Included dashboard is missing a UID field"
  // for a defaultNav dashboard without one.
  assert.ok(dashboardIncludes.length > 0, 'plugin.json includes dashboards');
  for (const include of dashboardIncludes) {
    assert.ok(include.path, `include "${include.name}" has a path`);
    const expected = dashboard(basename(include.path)).uid;
    assert.equal(include.uid, expected, `include "${include.name}" (${include.path}) needs "uid": "${expected}"`);
  }
  assert.ok(
    dashboardIncludes.some((i) => i.addToNav && i.uid),
    'at least one dashboard is added to the nav by uid (an app without nav children is not in the menu)'
  );
  const defaultNav = app.includes.filter((i) => i.defaultNav);
  assert.ok(defaultNav.length <= 1, 'one defaultNav include at most');
  for (const include of defaultNav) assert.ok(include.type !== 'dashboard' || include.uid, 'defaultNav has a uid');
});

test('every dashboard of the app reaches Grafana by exactly one route', () => {
  // Two routes for one uid fight: the importer's overwrite of a provisioned dashboard fails with
  // "Cannot save provisioned dashboard" (pkg/services/dashboards/service/dashboard_service.go), at every start.
  for (const file of dashboardFiles) {
    const routes = routesOf(file);
    assert.equal(routes.length, 1, `${file} reaches Grafana by ${JSON.stringify(routes.map((r) => r.kind))}`);
  }
});

test('dashboards are editable only where Grafana lets a user save the edit', () => {
  for (const file of dashboardFiles) {
    const { editable } = dashboard(file);
    for (const route of routesOf(file)) {
      // A file-provisioned dashboard saves from the UI only with allowUiUpdates; a home dashboard file never.
      // An imported app dashboard is an ordinary one (saved like any other, replaced on the app's next version).
      const saves = route.kind === 'app include' || (route.kind === 'file provider' && route.allowUiUpdates === true);
      if (!saves) assert.equal(editable, false, `${file} is editable, but its ${route.kind} route cannot save`);
    }
  }
});

test('dashboards declare the schemaVersion of the Grafana they target, so none is migrated at every load', () => {
  // @grafana/schema 13.2 is generated from Grafana 13.2's dashboard kind; its defaultDashboard carries the
  // latest schemaVersion (apps/dashboard/pkg/migration/schemaversion/migrations.go: 42 in 13.2).
  const pkg = readJson<{ version: string }>(join(repoRoot, 'node_modules', '@grafana', 'schema', 'package.json'));
  assert.match(pkg.version, /^13\.2\./, 'the schema package is the Grafana 13.2 one the compose stack runs');
  assert.match(grafanaImage(), /^grafana\/grafana:13\.2\./);
  for (const file of dashboardFiles) {
    assert.equal(dashboard(file).schemaVersion, defaultDashboard.schemaVersion, `${file} schemaVersion`);
  }
});

test('dashboards declare the revision the importer compares, so a changed one reaches Grafana', () => {
  // On a new app version the updater re-imports a dashboard only when its "revision" differs from the
  // imported copy's (pkg/services/plugindashboards/service/service.go reads it, 1 when absent): ship an edit
  // by raising the dashboard's revision with the app's version.
  for (const file of dashboardFiles) {
    const { revision } = dashboard(file);
    assert.ok(Number.isInteger(revision) && (revision as number) >= 1, `${file} revision ${String(revision)}`);
  }
});

function grafanaImage(): string {
  const raw = readYaml<{ services: { grafana: { image: string } } }>(join(repoRoot, 'docker-compose.yml'));
  return raw.services.grafana.image;
}

/** Every link a dashboard carries: dashboard links, panel links, data links in defaults and overrides. */
function linksOf(d: DashboardJson): Array<{ where: string; url: string }> {
  const out: Array<{ where: string; url: string }> = [];
  const add = (where: string, links: unknown) => {
    for (const link of (Array.isArray(links) ? links : []) as Link[]) {
      if (link.url) out.push({ where: `${where} link "${link.title ?? ''}"`, url: link.url });
    }
  };
  add('dashboard', d.links);
  const walk = (panels: Panel[]) => {
    for (const p of panels) {
      const where = `panel "${p.title ?? ''}"`;
      add(where, p.links);
      add(where, p.fieldConfig?.defaults?.links);
      for (const o of p.fieldConfig?.overrides ?? [])
        for (const prop of o.properties ?? []) if (prop.id === 'links') add(where, prop.value);
      walk(p.panels ?? []);
    }
  };
  walk(d.panels);
  return out;
}

/**
 * A `from`/`to` value a link may carry: a relative or epoch time, the dashboard's own range, or a field's
 * number. `${__data.fields[x]}` and `${__value}` give the *formatted* value (@grafana/data's
 * getFieldDisplayValuesProxy; Scenes' dataMacros.ts), which for a time unit is local time text.
 */
const timeValue =
  /^(now([+-]\d+[smhdwMy])*(\/[smhdwMy])?|\d+|\$\{__(from|to)\}|\$\{__value\.(raw|numeric|time)\}|\$\{__data\.fields(\.\w+|\[("[^"]+"|\d+)\])\.numeric\})$/;

test("no link puts a field's formatted text into a time range's from or to", () => {
  for (const file of dashboardFiles) {
    for (const { where, url } of linksOf(dashboard(file))) {
      const query = url.split('?')[1] ?? '';
      for (const pair of query.split('&')) {
        const [key, value = ''] = pair.split('=');
        if (key !== 'from' && key !== 'to') continue;
        assert.match(value, timeValue, `${file}: ${where} sets ${key}=${value}; use the field's .numeric`);
      }
    }
  }
});
