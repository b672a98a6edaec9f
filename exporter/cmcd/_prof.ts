import { applyPlayerReports, CmcdMapping, CmcdTally, parseCmcdConfig } from './index';
import { decodeCmcdLine } from './decodeLine';
import { resolveConfig } from '../config/schema';
import { TelemetryState } from '../state/telemetryState';
const TITLES = Array.from({ length: 50 }, (_, i) => `title-${String(i).padStart(2, '0')}`);
const c = resolveConfig({ catalog: TITLES, maxSessions: 1_000_000 });
const state = new TelemetryState({
  catalog: c.catalog,
  allow: c.allow,
  sessionTtlMs: 30000,
  maxSessions: c.maxSessions,
  seriesBudget: c.seriesBudget,
});
const ingest = {
  state,
  mapping: new CmcdMapping(parseCmcdConfig({ players: { device: 'web', cdn: 'akamai' } })),
  tally: new CmcdTally(10000),
  sessionTtlMs: 30000,
};
const lines: string[] = Array.from(
  { length: 200000 },
  (_, n) =>
    `cid="${TITLES[n % 50]}",e=t,msd=412,sf=h,sid="sess-${n.toString(36)}",sn=${n},st=v,sta=p,ts=1795364627432,v=2`
);
const bodies: string[] = [];
for (let b = 0; b < 2000; b++) bodies.push(lines.slice(b * 100, b * 100 + 100).join('\n'));
for (let p = 0; p < 3; p++) {
  const s = process.hrtime.bigint();
  for (const l of lines) decodeCmcdLine(l);
  console.log('decode', (Number(process.hrtime.bigint() - s) / 1e3 / 200000).toFixed(2), 'us/report');
}
for (let p = 0; p < 3; p++) {
  const s = process.hrtime.bigint();
  for (const body of bodies) applyPlayerReports(body, ingest, Date.now());
  console.log('apply', (Number(process.hrtime.bigint() - s) / 1e3 / 200000).toFixed(2), 'us/report');
}
