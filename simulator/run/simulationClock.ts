import type { Scenario } from '../scenario/scenarioSchema';

/**
 * Maps the scenario's clock onto the wall clock. `speed` simulated seconds pass per real second.
 * With `start`, the scenario's T0 (its first airing in the window) lands on that wall instant, so
 * a calendar written with `toWall` agrees with the traffic; without it the run begins now at the
 * window's start.
 */
export interface SimulationClock {
  speed: number;
  simFrom: number;
  simTo: number;
  toWall(sim: number): number;
  toSim(wall: number): number;
}

export interface ClockOptions {
  speed: number;
  now: number;
  /** Wall instant of T0. */
  start?: number;
  /** Simulated span to run (default: to the window's end). */
  durationMs?: number;
}

export function scenarioT0(s: Scenario): number {
  const starts = s.titles
    .flatMap((t) => t.airings.map((a) => a.start))
    .filter((t) => t >= s.window.from && t < s.window.to);
  return starts.length ? Math.min(...starts) : s.window.from;
}

export function simulationClock(s: Scenario, options: ClockOptions): SimulationClock {
  const { speed } = options;
  if (!(speed > 0)) throw new Error(`speed must be positive, got ${speed}`);
  const anchorSim = options.start !== undefined ? scenarioT0(s) : s.window.from;
  const anchorWall = options.start ?? options.now;
  const toWall = (sim: number) => anchorWall + (sim - anchorSim) / speed;
  const toSim = (wall: number) => anchorSim + (wall - anchorWall) * speed;
  const simFrom = Math.min(s.window.to, Math.max(s.window.from, toSim(options.now)));
  const simTo = Math.min(s.window.to, options.durationMs !== undefined ? simFrom + options.durationMs : s.window.to);
  return { speed, simFrom, simTo, toWall, toSim };
}
