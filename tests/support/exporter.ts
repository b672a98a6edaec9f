// Starts the real exporter (`launchday serve`) on a free loopback port, for integration tests.
import { join } from 'node:path';
import { awaitReady, makeTempDir, spawnComponent, type ComponentProcess } from './componentProcess';
import { freePort } from './freePort';

const repoRoot = join(__dirname, '..', '..');

export interface RunningExporter extends ComponentProcess {
  readonly url: string;
  /** The exporter's host:port, as a Prometheus scrape target. */
  readonly target: string;
  /** POSTs a JSON array of events to /v1/events; throws on a non-2xx answer. */
  send(events: unknown[]): Promise<unknown>;
}

export async function startExporter(configFile?: string): Promise<RunningExporter> {
  const dir = makeTempDir('exporter');
  const port = await freePort();
  const target = `127.0.0.1:${port}`;
  const args = [
    join(repoRoot, 'bin', 'launchday.cjs'),
    'serve',
    '--listen',
    target,
    '--state-file',
    join(dir, 'sessions.ndjson'),
  ];
  if (configFile) args.push('--config', configFile);
  const component = spawnComponent(process.execPath, args, dir, repoRoot);
  const url = `http://${target}`;
  await awaitReady(component, `${url}/readyz`);
  return {
    ...component,
    url,
    target,
    async send(events) {
      const response = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) throw new Error(`POST /v1/events: HTTP ${response.status} ${JSON.stringify(body)}`);
      return body;
    },
  };
}
