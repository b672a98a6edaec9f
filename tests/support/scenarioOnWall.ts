// A scenario put on the wall clock the way the replay tests start it: its first airing on a whole wall
// second a moment from now (the calendar keeps whole seconds, so the exporter reads T0 exactly), the
// simulated clock at `speed`, and the calendar file the exporter reads for it.
import { scenarioT0, simulationClock, type SimulationClock } from '../../simulator/run/simulationClock';
import { scenarioCalendarFile } from '../../simulator/scenario/scenarioExporterConfig';
import type { Scenario } from '../../simulator/scenario/scenarioSchema';
import { sessionWeight } from '../../simulator/sessions/tickSource';

export interface ScenarioOnWall {
  clock: SimulationClock;
  /** Viewers one sampled session stands for. */
  weight: number;
  calendar: ReturnType<typeof scenarioCalendarFile>;
}

export function scenarioOnWall(
  scenario: Scenario,
  opts: { speed: number; wall: number; leadMs: number; maxSessions: number; heartbeatIntervalSeconds: number }
): ScenarioOnWall {
  const leadWall = (scenarioT0(scenario) - scenario.window.from) / opts.speed;
  const t0Wall = Math.ceil((opts.wall + opts.leadMs + leadWall) / 1000) * 1000;
  const clock = simulationClock(scenario, { speed: opts.speed, now: t0Wall - leadWall, start: t0Wall });
  const weight = sessionWeight(scenario, opts.maxSessions);
  const calendar = scenarioCalendarFile(scenario, {
    toWall: clock.toWall,
    speed: opts.speed,
    weight,
    heartbeatIntervalSeconds: opts.heartbeatIntervalSeconds,
  });
  return { clock, weight, calendar };
}
