import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a real Grafana answers, if it does: the e2e specs skip with this message otherwise. */
export const GRAFANA_URL = process.env.GRAFANA_URL ?? '';

export async function grafanaUnreachable(): Promise<string | false> {
  if (!GRAFANA_URL) {
    return 'GRAFANA_URL is not set: these specs need a running Grafana with dist/ mounted as the launchday-control-app plugin (none can run on this machine).';
  }
  try {
    const res = await fetch(new URL('/api/health', GRAFANA_URL), { signal: AbortSignal.timeout(3000) });
    return res.ok ? false : `Grafana at ${GRAFANA_URL} answered /api/health with ${res.status}.`;
  } catch (err) {
    return `Grafana at ${GRAFANA_URL} is unreachable (${String(err)}).`;
  }
}

interface SkipApi {
  beforeAll(fn: () => Promise<void>): void;
  beforeEach(fn: () => void): void;
  skip(condition: boolean, description: string): void;
}

/** Every spec file: skip each test, loudly (a warning once per file), when no Grafana answers. */
export function skipWithoutGrafana(test: SkipApi): void {
  let unreachable: string | false = false;
  test.beforeAll(async () => {
    unreachable = await grafanaUnreachable();
    if (unreachable) console.warn(`e2e skipped: ${unreachable}`);
  });
  test.beforeEach(() => test.skip(Boolean(unreachable), String(unreachable)));
}

export const APP_ID = 'launchday-control-app';
export const PROMETHEUS_UID = 'launchday-prometheus';

interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  targets?: Array<{ refId: string }>;
}

/** The war room as the app ships it: the specs find its overlay panel by type, not by a title that may change. */
export function warRoomOverlay(): DashboardPanel {
  const file = join(__dirname, '..', '..', 'src', 'dashboards', 'war-room.json');
  const dashboard = JSON.parse(readFileSync(file, 'utf8')) as { panels: DashboardPanel[] };
  const panel = dashboard.panels.find((p) => p.type === 'launchday-overlay-panel');
  if (!panel) throw new Error('war-room.json has no launchday-overlay-panel');
  return panel;
}
