import { expect, test } from '@grafana/plugin-e2e';

import { testIds } from '../../src/panels/overlay/testIds';
import { grafanaUnreachable } from './grafana';

let unreachable: string | false = false;

test.beforeAll(async () => {
  unreachable = await grafanaUnreachable();
  if (unreachable) {
    console.warn(`e2e skipped: ${unreachable}`);
  }
});

test.beforeEach(() => {
  test.skip(Boolean(unreachable), String(unreachable));
});

test('the app plugin loads and lists its dashboards', async ({ gotoAppPage, page }) => {
  await gotoAppPage({ pluginId: 'launchday-control-app' });
  await expect(page.getByRole('heading', { name: 'Launchday' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'War room' })).toBeVisible();
});

test('the overlay panel renders on the provisioned war-room dashboard', async ({ gotoDashboardPage, page }) => {
  await gotoDashboardPage({ uid: 'launchday-war-room' });
  // With data it draws; without a scraped exporter it must say what to fix, never fail blank.
  const drawn = page.getByTestId(testIds.panel).or(page.getByTestId(testIds.state)).first();
  await expect(drawn).toBeVisible();
});

test('the overlay panel can be picked in a new panel', async ({ panelEditPage, page }) => {
  await panelEditPage.setVisualization('Launch overlay');
  await expect(page.getByTestId(testIds.panel).or(page.getByTestId(testIds.state)).first()).toBeVisible();
});
