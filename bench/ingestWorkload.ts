import { randomUUID } from 'node:crypto';

/** The ingest benchmarks' workload: NDJSON batches of 500 events from 1M sessions across 50 titles. */
export const TITLES = Array.from({ length: 50 }, (_, i) => `Title ${String(i).padStart(2, '0')}`);
export const CDNS = ['akamai', 'cloudfront', 'fastly', 'cloudflare', 'origin', 'edgio', 'limelight', 'own'];
export const REGIONS = ['eu', 'na', 'latam', 'apac', 'mea'];
export const DEVICES = ['web', 'ios', 'android', 'tv', 'stb'];
export const BATCH_SIZE = 500;

/** Session ids as CMCD players send them (`sid` is a UUID), made once per run. */
export function sessionIds(n: number): string[] {
  // randomUUID's string is a rope of ~465 bytes; re-decoded it is a flat 36-byte string, as JSON.parse gives.
  return Array.from({ length: n }, () => Buffer.from(randomUUID(), 'latin1').toString('latin1'));
}

/** Heartbeat `n` of the workload, as one NDJSON line. */
export function heartbeatLine(n: number, sid: string): string {
  const title = TITLES[n % TITLES.length];
  const cdn = CDNS[n % CDNS.length];
  const region = REGIONS[(n >> 3) % REGIONS.length];
  const device = DEVICES[(n >> 5) % DEVICES.length];
  return `{"type":"heartbeat","sid":"${sid}","title":"${title}","state":"playing","cdn":"${cdn}","region":"${region}","device":"${device}"}`;
}

/** Batch `b` of a pass over the sessions: heartbeats mostly, with segment results and logins. */
export function batchBody(b: number, ids: readonly string[]): string {
  const sessions = ids.length;
  const lines: string[] = [];
  for (let i = 0; i < BATCH_SIZE; i++) {
    const n = (b * BATCH_SIZE + i) % sessions;
    const title = TITLES[n % TITLES.length];
    const cdn = CDNS[n % CDNS.length];
    const kind = i % 20;
    if (kind < 16) {
      lines.push(heartbeatLine(n, ids[n]!));
    } else if (kind < 19) {
      lines.push(
        `{"type":"segment","title":"${title}","cdn":"${cdn}","status":${n % 50 === 0 ? 504 : 200},"duration_ms":120}`
      );
    } else {
      lines.push(
        `{"type":"login","outcome":"${n % 10 === 0 ? 'failure' : 'success'}","method":"password","reason":"timeout"}`
      );
    }
  }
  return lines.join('\n');
}

export const benchConfig = {
  catalog: TITLES,
  allow: { cdn: CDNS, region: REGIONS, device: DEVICES },
};
