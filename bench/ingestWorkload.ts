/** The ingest benchmark's workload: NDJSON batches of 500 events from 1M sessions across 50 titles. */
export const TITLES = Array.from({ length: 50 }, (_, i) => `Title ${String(i).padStart(2, '0')}`);
export const CDNS = ['akamai', 'cloudfront', 'fastly', 'cloudflare', 'origin', 'edgio', 'limelight', 'own'];
export const REGIONS = ['eu', 'na', 'latam', 'apac', 'mea'];
export const DEVICES = ['web', 'ios', 'android', 'tv', 'stb'];
export const BATCH_SIZE = 500;

/** Batch `b` of a pass over `sessions` sessions: heartbeats mostly, with segment results and logins. */
export function batchBody(b: number, sessions: number): string {
  const lines: string[] = [];
  for (let i = 0; i < BATCH_SIZE; i++) {
    const n = (b * BATCH_SIZE + i) % sessions;
    const title = TITLES[n % TITLES.length];
    const cdn = CDNS[n % CDNS.length];
    const kind = i % 20;
    if (kind < 16) {
      const region = REGIONS[(n >> 3) % REGIONS.length];
      const device = DEVICES[(n >> 5) % DEVICES.length];
      lines.push(
        `{"type":"heartbeat","sid":"sess-${n.toString(36)}","title":"${title}","state":"playing","cdn":"${cdn}","region":"${region}","device":"${device}"}`
      );
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
