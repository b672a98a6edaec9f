import type { Scenario } from '../scenario/scenarioSchema';
import { sessionWeight } from '../sessions/tickSource';
import { createEventPoster, type PosterStats } from '../transport/eventPoster';
import { runSimulation, type RunSummary } from './runSimulation';
import { simulationClock, type SimulationClock } from './simulationClock';
import { statusLine } from './statusLine';

/** A paced run against a live exporter, with the one-line status on a stream (stderr by default). */
export interface LiveOptions {
  scenario: Scenario;
  target: string;
  speed: number;
  seed: number;
  /** Wall instant of the scenario's T0. */
  start?: number;
  durationMs?: number;
  maxSessions: number;
  heartbeatIntervalSeconds: number;
  tickSeconds: number;
  token?: string;
  signal?: AbortSignal;
  status?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Called once the clock is set, before the first tick (the demo writes its calendar here). */
  onClock?: (clock: SimulationClock, weight: number) => void | Promise<void>;
}

export interface LiveSummary extends RunSummary {
  poster: PosterStats;
}

export async function runLive(options: LiveOptions): Promise<LiveSummary> {
  const clock = simulationClock(options.scenario, {
    speed: options.speed,
    now: Date.now(),
    start: options.start,
    durationMs: options.durationMs,
  });
  const poster = createEventPoster({ target: options.target, token: options.token, signal: options.signal });
  const out = options.status ?? process.stderr;
  let lastPrint = 0;
  let lastEvents = 0;
  let lastTime = Date.now();
  await options.onClock?.(clock, sessionWeight(options.scenario, options.maxSessions));
  const firstTick = clock.toWall(clock.simFrom);
  if (firstTick > Date.now() + 2000) {
    // With --start far ahead, nothing is due yet: say when traffic begins rather than look stuck.
    out.write(
      `waiting: the replay starts at ${new Date(firstTick).toLocaleTimeString()} (the window's start, at x${options.speed})\n`
    );
  }
  const summary = await runSimulation({
    scenario: options.scenario,
    seed: options.seed,
    clock,
    tickSeconds: options.tickSeconds,
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
    maxSessions: options.maxSessions,
    send: (lines) => poster.send(lines),
    signal: options.signal,
    onTick: (tick, progress) => {
      const now = Date.now();
      // A terminal gets a line rewritten in place; a log gets one line every 5 s.
      const every = out.isTTY ? 0 : 5000;
      if (now - lastPrint < every) return;
      const rate = ((progress.events - lastEvents) * 1000) / Math.max(1, now - lastTime);
      lastEvents = progress.events;
      lastTime = now;
      lastPrint = now;
      const line = statusLine(tick.status, options.scenario.timeZone, {
        eventsPerSecond: rate,
        behindMs: progress.behindMs,
      });
      out.write(out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
    },
  });
  if (out.isTTY) out.write('\n');
  return { ...summary, poster: poster.stats };
}
