// The exporter's forecast with and without a ForecastMemo kept between refreshes, over the same
// replayed nights, as tests/sim-e2e.test.ts runs them: one exporter, the scenarios one after the other
// (titles shared between them, idle gaps between runs), a replay clock x3600, a sample every 0.25 s and
// a refresh every 0.5 s of wall time with timer jitter, the calendar rewritten for each run. Every
// published snapshot must be the same both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import pino from 'pino';
import type { Capacity, CapacityUnit } from '../core/capacity/capacity';
import type { CalendarEvent } from '../core/calendar/event';
import { createForecastService } from '../exporter/forecast';
import { forecastCapacity } from '../exporter/forecast/forecastCapacity';
import { capacityAt } from '../core/capacity/capacityAt';
import type { LeadingSample } from '../exporter/forecast/sampler';
import { createLaunchNight, type ModelFrame } from '../simulator/model/launchNight';
import { createPrng } from '../simulator/model/prng';
import type { SimulationClock } from '../simulator/run/simulationClock';
import { loadScenario, scenarioNames } from '../simulator/scenario/loadScenario';
import { scenarioLabels } from '../simulator/scenario/scenarioExporterConfig';
import { scenarioPlan } from '../simulator/scenario/scenarioPlan';
import type { Scenario } from '../simulator/scenario/scenarioSchema';
import { scenarioOnWall } from './support/scenarioOnWall';

const SPEED = 3600;
const SAMPLE_MS = 250;
const REFRESH_MS = 500;
const MAX_SESSIONS = 2000;
/** Wall time between two runs (sessions expiring, Prometheus queries): hours on the replay clock. */
const GAP_MS = 4000;

interface Run {
  scenario: Scenario;
  clock: SimulationClock;
  frames: ModelFrame[];
  groups: { title: string; cdn: string }[];
  weight: number;
  events: CalendarEvent[];
  capacity: Capacity;
  wallFrom: number;
  wallTo: number;
}

const UNITS: Record<string, CapacityUnit> = { viewers: 'viewers', logins: 'logins_per_second' };

/** A run as sim-e2e starts it at `wall`: the calendar on the wall clock, the night's model frames. */
function prepare(name: string, wall: number): Run {
  const scenario = loadScenario(name);
  const {
    clock,
    weight,
    calendar: file,
  } = scenarioOnWall(scenario, {
    speed: SPEED,
    wall,
    leadMs: 1500,
    maxSessions: MAX_SESSIONS,
    heartbeatIntervalSeconds: 1,
  });
  // The calendar keeps whole seconds.
  const instant = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
  const events = (file.events as Record<string, string | number>[]).map((e): CalendarEvent => ({
    id: e.id as string,
    title: e.title as string,
    kind: e.kind as CalendarEvent['kind'],
    start: instant(e.start as string),
    end: instant(e.end as string),
    timeZone: e.timeZone as string,
    expectedPeak: e.expectedPeak as number,
  }));
  const capacity: Capacity = {
    resources: (file.capacity as { resource: string; limit: number; steps?: { from: string; limit: number }[] }[]).map(
      (c) => ({
        id: c.resource,
        unit: UNITS[c.resource] ?? 'requests_per_second',
        limit: c.limit,
        steps: (c.steps ?? []).map((s) => ({ from: instant(s.from), limit: s.limit })),
      })
    ),
  };
  const night = createLaunchNight(scenarioPlan(scenario));
  const frames: ModelFrame[] = [];
  for (let f = night.step(); f; f = night.step()) frames.push(f);
  assert.ok(scenarioLabels(scenario).catalog.length > 0);
  return {
    scenario,
    clock,
    frames,
    groups: night.groups,
    weight,
    events,
    capacity,
    wallFrom: clock.toWall(clock.simFrom),
    wallTo: clock.toWall(clock.simTo),
  };
}

/** What the exporter's state would hold at wall instant `wall` of a run: viewers by title, counters so far. */
function sampler(runs: () => Run | undefined) {
  const totals = { loginAttempts: 0, loginFailures: 0, segmentRequests: 0, segmentFailures: 0, sessionStarts: 0 };
  const byTitleCdn = new Map<string, Map<string, number>>();
  let done = { run: undefined as Run | undefined, frame: 0 };
  return (wall: number): LeadingSample => {
    const run = runs();
    const viewersByTitle = new Map<string, number>();
    if (run && wall >= run.wallFrom && wall <= run.wallTo + 3000) {
      if (done.run !== run) done = { run, frame: 0 };
      const sim = run.clock.toSim(wall);
      const stepMs = run.scenario.stepSeconds * 1000;
      // The frames up to now add to the counters (sessions sampled at the run's weight).
      while (done.frame < run.frames.length && (run.frames[done.frame] as ModelFrame).t <= sim) {
        const f = run.frames[done.frame++] as ModelFrame;
        const attempts = Math.round(f.loginAttempts / run.weight);
        totals.loginAttempts += attempts;
        totals.loginFailures += Math.round(attempts * f.loginFailureRatio);
        totals.sessionStarts += Math.round((attempts * (1 - f.loginFailureRatio)) / 2);
        for (const [cdn, requests] of Object.entries(f.segmentRequestsByCdn)) {
          const n = Math.round(requests / run.weight / (stepMs / 1000));
          totals.segmentRequests += n;
          totals.segmentFailures += Math.round(n * (f.segmentFailureRatioByCdn[cdn] ?? 0));
        }
        f.watchingByGroup.forEach((w, g) => {
          const { title, cdn } = run.groups[g] as { title: string; cdn: string };
          let m = byTitleCdn.get(title);
          if (!m) byTitleCdn.set(title, (m = new Map()));
          m.set(cdn, (m.get(cdn) ?? 0) + Math.round(w / run.weight));
        });
      }
      const last = run.frames[Math.max(0, done.frame - 1)];
      // Sessions live until the run's end, then expire (no sample of an empty title).
      if (last && wall <= run.wallTo)
        last.watchingByGroup.forEach((w, g) => {
          const title = (run.groups[g] as { title: string }).title;
          const v = Math.round(w / run.weight) * run.weight;
          if (v > 0) viewersByTitle.set(title, (viewersByTitle.get(title) ?? 0) + v);
        });
    }
    let totalViewers = 0;
    for (const v of viewersByTitle.values()) totalViewers += v;
    return { viewersByTitle, totalViewers, ...totals, segmentRequestsByTitleCdn: byTitleCdn };
  };
}

test('a ForecastMemo kept between refreshes publishes the same snapshots as none, over replayed nights', async () => {
  const names = scenarioNames();
  let wall = Date.UTC(2026, 11, 1, 12, 0);
  let run: Run | undefined;
  const sample = sampler(() => run);
  const services = [true, false].map((keepMemo) =>
    createForecastService({
      registry: new Registry(),
      logger: pino({ level: 'silent' }),
      sample: () => sample(wall),
      events: () => run?.events ?? [],
      capacity: () => forecastCapacity(capacityAt(run?.capacity ?? { resources: [] }, wall)),
      capacityPlan: () => run?.capacity ?? { resources: [] },
      now: () => wall,
      timeScale: SPEED,
      keepMemo,
    })
  );
  const [withMemo, without] = services as [(typeof services)[0], (typeof services)[0]];
  const rng = createPrng(11);
  let refreshes = 0;
  let compared = 0;
  for (const name of names) {
    run = prepare(name, wall);
    const end = run.wallTo + GAP_MS;
    let nextSample = wall;
    let nextRefresh = wall + REFRESH_MS / 2;
    while (wall < end) {
      if (nextSample <= nextRefresh) {
        wall = nextSample;
        withMemo.sampleOnce();
        without.sampleOnce();
        nextSample += SAMPLE_MS + Math.floor(rng.next() * 20);
      } else {
        wall = nextRefresh;
        await withMemo.refreshOnce();
        await without.refreshOnce();
        refreshes++;
        const a = withMemo.snapshot();
        const b = without.snapshot();
        if (a.forecasts.length) compared++;
        assert.deepEqual(a, b, `${name}: refresh ${refreshes} at wall ${new Date(wall).toISOString()}`);
        nextRefresh += REFRESH_MS + Math.floor(rng.next() * 40);
      }
    }
  }
  assert.ok(compared > 100, `${compared} refreshes with forecasts compared (of ${refreshes})`);
});
