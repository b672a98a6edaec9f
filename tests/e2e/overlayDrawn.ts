// What an e2e spec asks of the overlay panel: that it drew its plot, not its "no data" or "misconfigured"
// state (which also renders inside the panel, so "the panel is visible" proves nothing). The same function
// runs in tests/grafana-overlay-check.test.ts against the harness page, where it must fail on a panel
// without data: a check that cannot fail is no check.
import type { Locator } from 'playwright-core';

import { testIds } from '../../src/panels/overlay/testIds';

const byTestId = (id: string) => `[data-testid="${id}"]`;

/** Why the overlay inside `root` is not drawn, or undefined when it is. */
export async function overlayProblem(root: Locator): Promise<string | undefined> {
  const state = root.locator(byTestId(testIds.state));
  if ((await state.count()) > 0) {
    const kind = await state.first().getAttribute('data-state');
    return `the panel shows its ${kind ?? 'unknown'} state: ${(await state.first().innerText()).trim()}`;
  }
  const panel = root.locator(byTestId(testIds.panel));
  if ((await panel.count()) === 0) return 'no overlay panel is rendered';
  const canvas = panel.first().locator(`${byTestId(testIds.mainPlot)} canvas`);
  if ((await canvas.count()) === 0) return 'the main plot has no canvas';
  // uPlot paints series, axes and overlays on this canvas: a drawn plot covers well over 1 % of it.
  const painted = await canvas.first().evaluate((c: HTMLCanvasElement) => {
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return c.width * c.height > 0 ? n / (c.width * c.height) : 0;
  });
  return painted > 0.01 ? undefined : `the main plot canvas is blank (${(painted * 100).toFixed(2)} % painted)`;
}
