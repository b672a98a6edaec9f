import pino from 'pino';
import { resolveConfig, type ExporterConfigInput } from '../config/schema';
import { startExporter, type ModuleFactory, type RunningExporter } from '../serve';

/** Starts a real exporter on a free loopback port, for tests and benchmarks. */
export function startTestExporter(
  config: Partial<ExporterConfigInput> = {},
  modules: ModuleFactory[] = []
): Promise<RunningExporter> {
  return startExporter(
    resolveConfig({ listen: '127.0.0.1:0', logLevel: 'silent', ...config }),
    pino({ level: 'silent' }),
    modules
  );
}

export async function postEvents(url: string, body: string, contentType = 'application/x-ndjson', token?: string) {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/v1/events`, { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}
