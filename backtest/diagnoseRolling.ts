// npx tsx backtest/diagnoseRolling.ts [launch|relogin]: every false red and every missed or late
// crossing of the rolling-origin status score (leave-one-out), with what the rule read at that origin:
// the P50 path and the series at +10/+20/+30 min, the observed 30-min trend, the capacity.
import { join } from 'node:path';
import { deriveLibrary, lowerBound, valueAt, HISTORY_MS } from '../core/forecast';
import { observedTrend } from '../core/forecast/observedTrend';
import { readEventsFile } from './eventsFile';
import { parseTimeZoneRules } from './timeZoneRules';
import { PROJECT_EVENTS } from './derivationEvents';
import { classOf, DEFAULT_CAPACITY_FRACTIONS, loadEvents, pastEventsFor, toObserved, type LoadedEvent } from './runner';
import { publishedCase } from './publishedForecast';
import { rollingEvent } from './rollingStatus';

const MIN = 60_000;
const cls = process.argv[2] ?? 'launch';
const dir = join(__dirname, '..', '..', 'shared', 'data', 'launch-spikes');
const { loaded } = loadEvents(dir, readEventsFile(PROJECT_EVENTS), parseTimeZoneRules(['osrs_*=America/Los_Angeles']));
const f = (x: number | undefined, d = 2) => (x === undefined ? '  -  ' : x.toFixed(d));

function detail(
  item: LoadedEvent,
  origin: number,
  cap: number,
  fraction: number,
  lib: ReturnType<typeof deriveLibrary>
) {
  const past = pastEventsFor(item, loaded);
  const pub = publishedCase(item, origin, past, [cap], lib);
  const path = pub.path.map((p) => ({ t: p.t, v: p.p50 }));
  const hist = item.points.slice(lowerBound(item.points, origin - HISTORY_MS), lowerBound(item.points, origin + 1));
  const trend = observedTrend(hist, origin);
  const peak = item.peak as number;
  const at = (k: number) =>
    [valueAt(path, origin + k * MIN), valueAt(item.points, origin + k * MIN)]
      .map((v) => f(v === undefined ? undefined : v / peak))
      .join('/');
  const last = hist[hist.length - 1];
  return [
    `T${(origin - item.event.t0) / MIN >= 0 ? '+' : ''}${(origin - item.event.t0) / MIN}m`.padEnd(8),
    `cap ${fraction}`.padEnd(8),
    `p50At +${pub.p50At[0] === undefined ? '-' : ((pub.p50At[0] - origin) / MIN).toFixed(0)}`.padEnd(10),
    `red ${pub.red[0] ? 'Y' : 'n'}`,
    `last ${f(last ? last.v / peak : undefined)} (${last ? ((origin - last.t) / MIN).toFixed(0) : '-'}m ago)`,
    `trend ${trend ? f((trend.slope * 60 * MIN) / peak) : '-'}/h`,
    `p50/actual +10 ${at(10)} +20 ${at(20)} +30 ${at(30)}`,
  ].join('  ');
}

for (const item of loaded) {
  if (classOf(item.event.kind) !== cls) continue;
  const lib = deriveLibrary(loaded.filter((e) => e !== item).map(toObserved));
  const caps = DEFAULT_CAPACITY_FRACTIONS.map((x) => x * (item.peak as number));
  const r = rollingEvent(item, pastEventsFor(item, loaded), caps, lib);
  const wrong = r.claims.filter((c) => c.red && !c.reached);
  const late = r.crossings.filter((c) => c.heldFrom === undefined || c.at - c.heldFrom < 10 * MIN);
  if (!wrong.length && !late.length) continue;
  console.log(`\n## ${item.event.label} (${item.event.kind}, peak ${item.peak?.toFixed(0)})`);
  for (const c of wrong)
    console.log(
      'FALSE  ',
      detail(item, c.origin, caps[c.capacity] as number, DEFAULT_CAPACITY_FRACTIONS[c.capacity] as number, lib)
    );
  for (const c of late) {
    console.log(
      `CROSSING cap ${DEFAULT_CAPACITY_FRACTIONS[c.capacity]} at T+${((c.at - item.event.t0) / MIN).toFixed(1)}m, held ${c.heldFrom === undefined ? 'no' : ((c.at - c.heldFrom) / MIN).toFixed(1) + ' min'}`
    );
    for (const cl of r.claims.filter(
      (x) => x.capacity === c.capacity && x.origin < c.at && x.origin >= c.at - 30 * MIN
    ))
      console.log(
        '   ',
        detail(item, cl.origin, caps[c.capacity] as number, DEFAULT_CAPACITY_FRACTIONS[c.capacity] as number, lib)
      );
  }
}
