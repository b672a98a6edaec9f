// The overlay as a user picks and configures it in Grafana's panel editor. Run with `npm run e2e`.
import { expect, test } from '@grafana/plugin-e2e';

import { testIds } from '../../src/panels/overlay/testIds';
import { skipWithoutGrafana, warRoomOverlay } from './grafana';
import { overlayProblem } from './overlayDrawn';

skipWithoutGrafana(test);

test('the overlay can be picked from the visualisation picker, and then runs its own module', async ({
  panelEditPage,
  page,
}) => {
  await panelEditPage.setVisualization('Launch overlay');
  await expect(panelEditPage.getVisualizationName()).toHaveText('Launch overlay');
  // A new panel has no query yet: our module loaded if our own state says what to query.
  await expect(page.getByTestId(testIds.state)).toBeVisible();
});

test('an option changed in the editor changes what the overlay draws', async ({ gotoPanelEditPage, page }) => {
  const overlay = warRoomOverlay();
  const editor = await gotoPanelEditPage({ dashboard: { uid: 'launchday-war-room' }, id: String(overlay.id) });
  await expect.poll(() => overlayProblem(editor.panel.locator), { timeout: 30_000 }).toBeUndefined();
  await expect(page.getByTestId(testIds.loginStrip)).toBeVisible();
  await editor.getCustomOptions('Strips').getSwitch('Login success strip').uncheck();
  await expect(page.getByTestId(testIds.loginStrip)).toHaveCount(0);
  await expect.poll(() => overlayProblem(editor.panel.locator)).toBeUndefined();
});
