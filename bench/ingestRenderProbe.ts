// The viewer family's /metrics render, pre-rendered against prom-client's own label formatting, in one
// run (interleaved, median CPU time of the process: the machine is shared, wall time alone misleads).
// node --import tsx bench/ingestRenderProbe.ts
import { loadavg } from 'node:os';
import { Registry } from 'prom-client';
import { defaultAllowLists } from '../exporter/config/schema';
import { registerTelemetryMetrics } from '../exporter/metrics/telemetryCollectors';
import { TelemetryState } from '../exporter/state/telemetryState';
import { CDNS, DEVICES, REGIONS } from './ingestWorkload';

async function probe(titles: number) {
  const catalog = Array.from({ length: titles }, (_, i) => `Title ${String(i).padStart(3, '0')}`);
  const state = new TelemetryState({
    catalog,
    allow: defaultAllowLists,
    sessionTtlMs: 60_000,
    maxSessions: titles * 200 + 10,
    seriesBudget: titles * 200 + 1000,
  });
  let n = 0;
  const now = Date.now();
  for (const title of catalog)
    for (const cdn of CDNS)
      for (const region of REGIONS)
        for (const device of DEVICES)
          state.apply(
            { type: 'heartbeat', sid: `s${n++}`, title, cdn, region, device, state: 'playing', weight: 1 },
            now
          );
  const registries = [true, false].map((pre) => {
    const r = new Registry();
    registerTelemetryMetrics(r, state, pre);
    return r;
  });
  const cpu: number[][] = [[], []];
  const wall: number[][] = [[], []];
  for (let i = 0; i < 15; i++)
    for (let k = 0; k < 2; k++) {
      const c = process.cpuUsage();
      const t = performance.now();
      await registries[k]!.metrics();
      wall[k]!.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu[k]!.push((d.user + d.system) / 1000);
    }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!.toFixed(1);
  console.log(
    `${state.viewerLabels.size} viewer series: pre-rendered ${median(cpu[0]!)} ms CPU (${median(wall[0]!)} wall), prom-client ${median(cpu[1]!)} ms CPU (${median(wall[1]!)} wall)`
  );
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`
);
void (async () => {
  await probe(50);
  await probe(250);
})();
