import { createTickSource, type Tick } from '../sessions/tickSource';
import type { Scenario } from '../scenario/scenarioSchema';
import type { SimulationClock } from './simulationClock';

/**
 * Plays a scenario against a sink (the exporter, or memory in tests) on the wall clock: tick i is
 * sent when the clock reaches its simulated start. If sending falls behind, the next ticks go at
 * once (never skipped), so what is sent does not depend on the machine's speed.
 */
export interface RunOptions {
  scenario: Scenario;
  seed: number;
  clock: SimulationClock;
  /** Real seconds per tick. */
  tickSeconds: number;
  /** The exporter's heartbeat interval, in real seconds: each session heartbeats once per interval. */
  heartbeatIntervalSeconds: number;
  maxSessions: number;
  send: (lines: string[]) => Promise<void>;
  /** false: as fast as the sink takes it (benchmarks, determinism tests). */
  paced?: boolean;
  signal?: AbortSignal;
  onTick?: (tick: Tick, progress: RunProgress) => void;
}

export interface RunProgress {
  ticks: number;
  totalTicks: number;
  events: number;
  /** How far behind the wall clock the run is, in ms. */
  behindMs: number;
  weight: number;
}

export interface RunSummary extends RunProgress {
  /** The furthest behind the wall clock any tick was sent, in ms. */
  maxBehindMs: number;
  peak: { simTime: number; viewers: number };
  loginAttempts: number;
  loginFailures: number;
  segmentRequests: number;
  segmentFailures: number;
  elapsedMs: number;
  aborted: boolean;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export async function runSimulation(options: RunOptions): Promise<RunSummary> {
  const { clock } = options;
  const tickSimMs = options.tickSeconds * 1000 * clock.speed;
  const source = createTickSource({
    scenario: options.scenario,
    seed: options.seed,
    simFrom: clock.simFrom,
    simTo: clock.simTo,
    tickSimMs,
    heartbeatEveryTicks: options.heartbeatIntervalSeconds / options.tickSeconds,
    maxSessions: options.maxSessions,
  });
  const started = Date.now();
  const summary: RunSummary = {
    ticks: 0,
    totalTicks: source.totalTicks,
    events: 0,
    behindMs: 0,
    maxBehindMs: 0,
    weight: source.weight,
    peak: { simTime: clock.simFrom, viewers: 0 },
    loginAttempts: 0,
    loginFailures: 0,
    segmentRequests: 0,
    segmentFailures: 0,
    elapsedMs: 0,
    aborted: false,
  };
  for (let tick = source.next(); tick; tick = source.next()) {
    if (options.signal?.aborted) break;
    if (options.paced !== false) {
      const due = clock.toWall(tick.simFrom);
      await sleep(due - Date.now(), options.signal);
      if (options.signal?.aborted) break;
      summary.behindMs = Math.max(0, Date.now() - due);
      summary.maxBehindMs = Math.max(summary.maxBehindMs, summary.behindMs);
    }
    await options.send(tick.events.map((e) => JSON.stringify(e)));
    summary.ticks += 1;
    summary.events += tick.events.length;
    const s = tick.status;
    summary.loginAttempts += s.loginAttempts;
    summary.loginFailures += s.loginFailures;
    summary.segmentRequests += s.segmentRequests;
    summary.segmentFailures += s.segmentFailures;
    if (s.viewers > summary.peak.viewers) summary.peak = { simTime: s.simTime, viewers: s.viewers };
    options.onTick?.(tick, summary);
  }
  summary.aborted = options.signal?.aborted ?? false;
  summary.elapsedMs = Date.now() - started;
  return summary;
}
