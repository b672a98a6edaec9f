import { scenarioPlan } from './scenarioPlan';
import type { Scenario } from './scenarioSchema';
import { capacityAt } from '../model/launchPlan';

/**
 * What the exporter should be told about a scenario replayed on a given clock: its calendar and
 * capacity file (exporter/calendar/fileSchema.ts) and the config keys that keep its titles, CDNs,
 * regions and devices as label values instead of `other`.
 *
 * Instants are moved onto the wall clock. Viewers capacity stays as is (sessions carry weights).
 * The exporter sees login *events* sampled at 1/weight and compressed by the speed, so the logins
 * capacity is scaled by speed / weight; it sees one segment result per session per heartbeat
 * interval, so segment capacities are scaled by 1 / (segments per viewer per second × weight ×
 * heartbeat interval). Both stay comparable with the rates the exporter measures.
 */
export interface ReplayMapping {
  toWall(sim: number): number;
  speed: number;
  weight: number;
  heartbeatIntervalSeconds: number;
}

interface CapacityEntry {
  resource: string;
  limit: number;
  steps?: { from: string; limit: number }[];
  notes?: string;
}

export function scenarioCalendarFile(s: Scenario, mapping: ReplayMapping): Record<string, unknown> {
  const iso = (t: number) => new Date(Math.round(mapping.toWall(t))).toISOString();
  const events = s.titles.flatMap((t) =>
    t.airings.map((a) => ({
      id: a.event,
      title: t.title,
      kind: a.kind,
      start: iso(a.start),
      end: iso(a.end),
      timeZone: s.timeZone,
      expectedPeak: Math.round(a.expectedPeak ?? a.peak),
      ...(a.notes ? { notes: a.notes } : {}),
    }))
  );
  const plan = scenarioPlan(s);
  const rateScale = mapping.speed / Math.max(1, mapping.weight);
  const segmentScale =
    1 / (s.behaviour.segmentsPerViewerPerSecond * Math.max(1, mapping.weight) * mapping.heartbeatIntervalSeconds);
  const segmentNote = `segment requests/s / (${s.behaviour.segmentsPerViewerPerSecond}/viewer/s x weight ${mapping.weight} x heartbeat ${mapping.heartbeatIntervalSeconds}s)`;
  const resources: { id: string; base: number; scale: number; notes: string }[] = [
    { id: 'viewers', base: s.capacity.viewers, scale: 1, notes: 'concurrent viewers' },
    {
      id: 'logins',
      base: s.capacity.loginsPerSecond,
      scale: rateScale,
      notes: `logins/s x speed/weight (${mapping.speed}/${mapping.weight})`,
    },
    {
      id: 'segments',
      base: Object.values(s.capacity.segmentsPerSecond).reduce((a, b) => a + b, 0),
      scale: segmentScale,
      notes: `all CDNs together: ${segmentNote}`,
    },
    ...Object.entries(s.capacity.segmentsPerSecond).map(([cdn, limit]) => ({
      id: `segments:${cdn}`,
      base: limit,
      scale: segmentScale,
      notes: segmentNote,
    })),
  ];
  const capacity: CapacityEntry[] = resources.map((r) => {
    // Every boundary of a scheduled change becomes a step with the limit that holds from then on.
    const bounds = [...new Set(s.capacity.changes.flatMap((c) => [c.from, c.until]))].sort((x, y) => x - y);
    const steps = bounds.map((b) => ({ from: iso(b), limit: capacityAt(plan.capacity, r.id, b) * r.scale }));
    const limit = capacityAt(plan.capacity, r.id, s.window.from) * r.scale;
    return {
      resource: r.id,
      limit: round(limit),
      ...(steps.length ? { steps: steps.map((x) => ({ ...x, limit: round(x.limit) })) } : {}),
      notes: r.notes,
    };
  });
  return { timeZone: s.timeZone, events, capacity };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The label values a scenario uses, for the exporter's catalog and allow-lists. */
export function scenarioLabels(s: Scenario): {
  catalog: string[];
  cdn: string[];
  region: string[];
  device: string[];
  method: string[];
} {
  return {
    catalog: s.titles.map((t) => t.title),
    cdn: [...new Set([...s.regions.map((r) => r.cdn), ...s.titles.flatMap((t) => (t.cdn ? [t.cdn] : []))])],
    region: s.regions.map((r) => r.name),
    device: s.devices.map((d) => d.name),
    method: s.loginMethods.map((m) => m.name),
  };
}

/** An exporter config for replaying the scenario (merge into your own, or use as is). */
export function scenarioExporterConfig(
  s: Scenario,
  options: { listen: string; heartbeatIntervalSeconds: number; calendarFile?: string }
): Record<string, unknown> {
  const labels = scenarioLabels(s);
  return {
    listen: options.listen,
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
    catalog: labels.catalog,
    allow: {
      cdn: labels.cdn,
      region: labels.region,
      device: labels.device,
      method: [...new Set(['password', 'sso', 'token', 'signup', ...labels.method])],
      reason: ['timeout', 'unavailable', 'rate_limited', 'server_error', 'invalid_credentials'],
    },
    logLevel: 'warn',
    ...(options.calendarFile
      ? {
          calendar: {
            sources: [{ name: 'scenario', file: options.calendarFile }],
            capacity: { name: 'capacity', file: options.calendarFile },
          },
        }
      : {}),
  };
}
