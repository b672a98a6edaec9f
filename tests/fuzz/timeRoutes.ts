// `npx tsx tests/fuzz/timeRoutes.ts [--runs N]`: each read route of the fuzz's GET target alone, N times
// against the fuzz's exporter in its own process, with the longest stall the exporter measured in it
// (GC included) and the wall time the client saw. To find which route stalls when the fuzz says one did.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ExporterChild, TOKEN } from './httpTargets';

const PATHS = [
  '/metrics',
  '/healthz',
  '/readyz',
  '/api/v1/calendar',
  '/api/v1/capacity',
  '/api/v1/history',
  '/preview/',
  '/preview/?source=/api/v1/history',
  '/preview/exec',
  '/api/v1/calendar?from=-1&to=1e400',
  '/v1/events',
  '/%',
  '//',
];

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '50' } } });
  const runs = Number(values.runs);
  console.log(
    `each route alone, ${runs} runs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  );
  const exporter = await ExporterChild.start();
  try {
    for (const accept of ['', 'application/openmetrics-text; version=1.0.0'])
      for (const path of PATHS) {
        await exporter.window();
        let wall = 0;
        let bytes = 0;
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          const r = await fetch(`${exporter.url}${path}`, {
            headers: { authorization: `Bearer ${TOKEN}`, ...(accept ? { accept } : {}) },
          });
          bytes = (await r.arrayBuffer()).byteLength;
          wall = Math.max(wall, performance.now() - t0);
        }
        const w = await exporter.window();
        console.log(
          `  ${w.maxStallMs.toFixed(0).padStart(4)} ms stall (GC ${w.maxGcMs.toFixed(0).padStart(3)} ms)  slowest ${wall.toFixed(0).padStart(4)} ms  ${String(bytes).padStart(7)} B  ${path}${accept ? ` (accept ${accept})` : ''}`
        );
      }
  } finally {
    await exporter.stop();
  }
}

void main();
