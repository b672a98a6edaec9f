// The app as Grafana's menu and pages show it. Run with `npm run e2e` against GRAFANA_URL.
import { expect, test } from '@grafana/plugin-e2e';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { APP_ID, skipWithoutGrafana } from './grafana';

skipWithoutGrafana(test);

interface NavNode {
  id?: string;
  text?: string;
  url?: string;
  children?: NavNode[];
}
interface Include {
  type: string;
  uid?: string;
  path?: string;
  addToNav?: boolean;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'plugin.json'), 'utf8')) as {
  name: string;
  includes: Include[];
};
const dashboards = manifest.includes.filter((i) => i.type === 'dashboard');

function findNode(nodes: NavNode[], id: string): NavNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const inner = findNode(node.children ?? [], id);
    if (inner) return inner;
  }
  return undefined;
}

test("the app is in Grafana's menu, with each dashboard it includes", async ({ page }) => {
  await page.goto('/');
  // The menu renders the nav tree Grafana builds (navtreeimpl/applinks.go) and boots the page with.
  const boot = await page.evaluate(() => {
    const data = (window as unknown as { grafanaBootData?: { navTree?: unknown; settings?: { appSubUrl?: string } } })
      .grafanaBootData;
    return { navTree: data?.navTree as NavNode[] | undefined, appSubUrl: data?.settings?.appSubUrl ?? '' };
  });
  expect(boot.navTree, 'grafanaBootData.navTree').toBeDefined();
  const app = findNode(boot.navTree ?? [], `plugin-page-${APP_ID}`);
  expect(app, `nav node plugin-page-${APP_ID}`).toBeDefined();
  const urls = (app?.children ?? []).map((c) => c.url);
  for (const include of dashboards.filter((i) => i.addToNav)) {
    expect(urls).toContain(`${boot.appSubUrl}/d/${include.uid}`);
  }
});

test("the app page has Grafana's title and breadcrumbs, and its links open the dashboards", async ({
  gotoAppPage,
  page,
}) => {
  await gotoAppPage({ pluginId: APP_ID });
  await expect(page.getByRole('heading', { name: manifest.name })).toBeVisible();
  await expect(page.getByRole('navigation', { name: /breadcrumbs/i })).toContainText(manifest.name);
  await page.getByRole('link', { name: 'War room' }).click();
  await expect(page).toHaveURL(/\/d\/launchday-war-room/);
});

test('the dashboards are the app’s imports: not provisioned, saveable, at the schema version they ship', async ({
  page,
}) => {
  const listed = await page.request.get(`/api/plugins/${APP_ID}/dashboards`);
  expect(listed.ok()).toBe(true);
  const items = (await listed.json()) as Array<{ uid: string; imported: boolean }>;
  for (const include of dashboards) {
    expect(items.find((item) => item.uid === include.uid)?.imported, `${include.uid} imported`).toBe(true);
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'src', include.path!), 'utf8')) as {
      schemaVersion: number;
    };
    const res = await page.request.get(`/api/dashboards/uid/${include.uid}`);
    expect(res.ok()).toBe(true);
    const { meta, dashboard } = (await res.json()) as {
      meta: { provisioned?: boolean; canSave?: boolean };
      dashboard: { schemaVersion: number };
    };
    expect(meta.provisioned ?? false, `${include.uid} is not file-provisioned (one route)`).toBe(false);
    expect(meta.canSave, `${include.uid} saves`).toBe(true);
    expect(dashboard.schemaVersion).toBe(file.schemaVersion);
  }
});
