import { lowerBound, upperBound, valueAt, HISTORY_MS, type TemplateLibrary } from '../core/forecast';
import { observedTrend } from '../core/forecast/observedTrend';
import { libraryWithout } from './leaveOneOut';
import { classOf, DEFAULT_CAPACITY_FRACTIONS, pastEventsFor, type EventClass, type LoadedEvent } from './runner';
import { publishedCase } from './publishedForecast';
import { rollingEvent, ROLLING_STEP_MIN } from './rollingStatus';
import { SATURATION_WITHIN_MS } from './metrics';

const MIN = 60_000;
const f = (x: number | undefined, d = 2) => (x === undefined ? '  -  ' : x.toFixed(d));

/**
 * One origin as the status rule read it: the P50 crossing, the claim, the last sample and its age, the
 * observed ramp over 30 and 10 minutes (the rule carries the lesser), and the P50 path beside the series
 * at +10/+20/+30 min, all as fractions of the event's peak.
 */
function detail(
  item: LoadedEvent,
  all: readonly LoadedEvent[],
  origin: number,
  fraction: number,
  lib: TemplateLibrary
): string {
  const peak = item.peak as number;
  const pub = publishedCase(item, origin, pastEventsFor(item, all), [fraction * peak], lib);
  const path = pub.path.map((p) => ({ t: p.t, v: p.p50 }));
  // The history publishedCase hands the model: 8 days up to the origin (its last sample at or before it).
  const hist = item.points.slice(lowerBound(item.points, origin - HISTORY_MS), upperBound(item.points, origin));
  const trend = observedTrend(hist, origin);
  const perHour = (slope: number) => f((slope * 60 * MIN) / peak);
  const at = (k: number) =>
    [valueAt(path, origin + k * MIN), valueAt(item.points, origin + k * MIN)]
      .map((v) => f(v === undefined ? undefined : v / peak))
      .join('/');
  const last = hist[hist.length - 1];
  const rel = (origin - item.event.t0) / MIN;
  return [
    `T${rel >= 0 ? '+' : ''}${rel}m`.padEnd(8),
    `cap ${fraction}`.padEnd(8),
    `p50At +${pub.p50At[0] === undefined ? '-' : ((pub.p50At[0] - origin) / MIN).toFixed(0)}`.padEnd(10),
    `red ${pub.red[0] ? 'Y' : 'n'}`,
    `last ${f(last ? last.v / peak : undefined)} (${last ? ((origin - last.t) / MIN).toFixed(0) : '-'}m ago)`,
    `trend 30m ${trend ? perHour(trend.slope) : '-'}/h 10m ${trend ? perHour(trend.recentSlope) : '-'}/h`,
    `p50/actual +10 ${at(10)} +20 ${at(20)} +30 ${at(30)}`,
  ].join('  ');
}

/**
 * The rolling-origin status score of one class, diagnosed (`launchday backtest DIR --events FILE
 * --diagnose launch|relogin`): every false red and every missed or late (held < 10 min) crossing, each
 * event scored leave-one-out (libraryWithout, as bench:forecast scores it), with what the rule read at
 * each origin (detail). Ends with the counts, which are the rolling score's own.
 */
export function diagnoseRolling(
  loaded: readonly LoadedEvent[],
  cls: EventClass,
  stepMin = ROLLING_STEP_MIN,
  fractions: readonly number[] = DEFAULT_CAPACITY_FRACTIONS
): string[] {
  const out: string[] = [];
  let falseReds = 0,
    late = 0,
    crossings = 0;
  for (const item of loaded) {
    if (classOf(item.event.kind) !== cls || item.peak === undefined) continue;
    const lib = libraryWithout(item, loaded);
    const caps = fractions.map((x) => x * (item.peak as number));
    const r = rollingEvent(item, pastEventsFor(item, loaded), caps, lib, stepMin);
    const wrong = r.claims.filter((c) => c.red && !c.reached);
    const lateHere = r.crossings.filter((c) => c.heldFrom === undefined || c.at - c.heldFrom < 10 * MIN);
    falseReds += wrong.length;
    late += lateHere.length;
    crossings += r.crossings.length;
    if (!wrong.length && !lateHere.length) continue;
    out.push('', `## ${item.event.label} (${item.event.kind}, peak ${item.peak.toFixed(0)})`);
    for (const c of wrong) out.push(`FALSE    ${detail(item, loaded, c.origin, fractions[c.capacity] as number, lib)}`);
    for (const c of lateHere) {
      const held = c.heldFrom === undefined ? 'no' : `${((c.at - c.heldFrom) / MIN).toFixed(1)} min`;
      out.push(
        `CROSSING cap ${fractions[c.capacity]} at T+${((c.at - item.event.t0) / MIN).toFixed(1)}m, held ${held}`
      );
      for (const cl of r.claims)
        if (cl.capacity === c.capacity && cl.origin < c.at && cl.origin >= c.at - SATURATION_WITHIN_MS)
          out.push(`         ${detail(item, loaded, cl.origin, fractions[c.capacity] as number, lib)}`);
    }
  }
  out.push(
    '',
    `${cls}: ${falseReds} false red claim(s); ${late} of ${crossings} crossing(s) missed or held < 10 min (rolling origins every ${stepMin} min, leave-one-out)`
  );
  return out;
}
