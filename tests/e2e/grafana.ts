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
