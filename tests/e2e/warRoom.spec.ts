// The war room against the stack's own Prometheus: the overlay must draw from real frames. Run with
// `npm run e2e` against GRAFANA_URL (the compose stack, with the simulator feeding the exporter).
import { expect, test } from '@grafana/plugin-e2e';

import { PROMETHEUS_UID, skipWithoutGrafana, warRoomOverlay } from './grafana';
import { overlayProblem } from './overlayDrawn';

skipWithoutGrafana(test);

interface QueryBody {
  queries?: Array<{ refId?: string; datasource?: { uid?: string } }>;
}
interface QueryResult {
  results?: Record<string, { frames?: Array<{ data?: { values?: unknown[][] } }> }>;
}

test("the war room's overlay draws its plot from the provisioned Prometheus's data", async ({
  gotoDashboardPage,
  page,
}) => {
  const overlay = warRoomOverlay();
  const viewersRefId = overlay.targets?.find((t) => t.refId === 'viewers')?.refId ?? 'viewers';
  const viewers = page.waitForResponse((res) => {
    if (!res.url().includes('/api/ds/query')) return false;
    const body = res.request().postDataJSON() as QueryBody | null;
    return Boolean(body?.queries?.some((q) => q.refId === viewersRefId));
  });
  const dashboard = await gotoDashboardPage({ uid: 'launchday-war-room', timeRange: { from: 'now-1h', to: 'now' } });
  const panel = dashboard.getPanelByTitle(overlay.title);
  await panel.scrollIntoView(); // Scenes renders panels lazily

  const res = await viewers;
  expect(res.ok()).toBe(true);
  const sent = res.request().postDataJSON() as QueryBody;
  expect(sent.queries?.find((q) => q.refId === viewersRefId)?.datasource?.uid).toBe(PROMETHEUS_UID);
  const frames = ((await res.json()) as QueryResult).results?.[viewersRefId]?.frames ?? [];
  const values = frames.flatMap((f) => (f.data?.values?.[1] ?? []) as unknown[]);
  expect(
    values.some((v) => typeof v === 'number' && v > 0),
    'Prometheus returned viewers'
  ).toBe(true);

  await expect.poll(() => overlayProblem(panel.locator), { timeout: 30_000 }).toBeUndefined();
  await expect(dashboard).not.toHavePanelErrors();
});
