// What the HTTP ingest benches share: one sample read from /metrics, and the autocannon request that
// posts NDJSON bodies in turn.
import type autocannon from 'autocannon';
import { EXPORTER_NODE_FLAGS } from '../exporter/runtime/nodeFlags';

/** A sample without labels read from the exporter's /metrics (NaN when absent). */
export async function scrapeValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? NaN);
}

/**
 * The NDJSON POST for autocannon. autocannon replays `requests` per connection: one shared cursor gives
 * every connection the next body, so the run sees every session once, not an eighth of them.
 */
export function ndjsonRequests(bodies: readonly string[]): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      setupRequest: (req: autocannon.Request) => ({ ...req, body: bodies[next++ % bodies.length]! }),
    },
  ];
}

/** `launchday serve` on a loopback port with a config file, with the node flags it ships with (or `flags`). */
export const serveArgs = (
  port: number,
  configFile: string,
  flags: readonly string[] = EXPORTER_NODE_FLAGS
): string[] => [...flags, 'bin/launchday.cjs', 'serve', '--listen', `127.0.0.1:${port}`, '--config', configFile];
