import {
  createLaunchNight,
  RETRYING_REQUEST_SHARE,
  type LoginFailureReason,
  type ModelFrame,
} from '../model/launchNight';
import { createPrng, hashToUnit, pickAt, pickWeighted, stochasticRound, type Prng } from '../model/prng';
import { scenarioPeakAudience, scenarioPlan } from '../scenario/scenarioPlan';
import type { Scenario } from '../scenario/scenarioSchema';
import type { TelemetryEvent } from './telemetryEvent';

/**
 * Turns the population model into sampled sessions and their telemetry, one tick at a time. A tick
 * covers a fixed span of simulated time, so the same seed gives the same batches at any pace.
 * Every session stands for `weight` viewers; it heartbeats once per heartbeat interval (counted in
 * ticks), and sends one segment result per heartbeat. Logins are sampled at the same weight.
 */
export interface TickSourceOptions {
  scenario: Scenario;
  seed: number;
  /** Simulated span covered by the run. */
  simFrom: number;
  simTo: number;
  /** Simulated milliseconds per tick (real tick length × speed). */
  tickSimMs: number;
  /** Ticks between two heartbeats of one session (real heartbeat interval / real tick). */
  heartbeatEveryTicks: number;
  maxSessions: number;
}

export interface TickStatus {
  simTime: number;
  intended: number;
  /** Sum of the weights of sessions playing or buffering: what the exporter's gauge should show. */
  viewers: number;
  sessions: number;
  loginAttempts: number;
  loginFailures: number;
  segmentRequests: number;
  segmentFailures: number;
}

export interface Tick {
  index: number;
  simFrom: number;
  simTo: number;
  events: TelemetryEvent[];
  status: TickStatus;
}

export interface TickSource {
  readonly weight: number;
  readonly totalTicks: number;
  next(): Tick | undefined;
}

const LOGIN_REASON: Record<LoginFailureReason, string> = {
  timeout: 'timeout',
  unavailable: 'unavailable',
  concurrency_limit: 'rate_limited',
};

export function sessionWeight(scenario: Scenario, maxSessions: number): number {
  return Math.max(1, Math.ceil(scenarioPeakAudience(scenario) / Math.max(1, maxSessions)));
}

export function createTickSource(options: TickSourceOptions): TickSource {
  const { scenario, tickSimMs } = options;
  const plan = scenarioPlan(scenario);
  const night = createLaunchNight(plan);
  const groups = night.groups;
  const stepMs = plan.stepSeconds * 1000;
  const weight = sessionWeight(scenario, options.maxSessions);
  const rng: Prng = createPrng(options.seed);
  const hbEvery = Math.max(1, Math.round(options.heartbeatEveryTicks));
  const deviceShares = scenario.devices.map((d) => d.share);
  const methodShares = scenario.loginMethods.map((m) => m.share);
  const totalTicks = Math.max(0, Math.ceil((options.simTo - options.simFrom) / tickSimMs));
  const sidPrefix = `sim${(options.seed >>> 0).toString(36)}-`;

  // Sessions per group: their serial numbers; the device follows from the serial, so it needs no storage.
  const sessions: number[][] = groups.map(() => []);
  let serial = 0;
  const deviceOf = (id: number) => scenario.devices[pickAt(hashToUnit(id ^ options.seed), deviceShares)]?.name ?? 'web';

  let frame: ModelFrame | undefined = night.step();
  // Warm the model up to the run's first instant (its state needs the night before).
  while (frame && frame.t + stepMs <= options.simFrom) frame = night.step();
  let index = 0;

  function next(): Tick | undefined {
    if (index >= totalTicks || !frame) return undefined;
    const a = options.simFrom + index * tickSimMs;
    const b = Math.min(options.simTo, a + tickSimMs);
    const loginAttempts = new Array<number>(groups.length).fill(0);
    let loginFailWeighted = 0;
    let loginTotal = 0;
    const segFail: Record<string, number> = {};
    const segReq: Record<string, number> = {};
    let reason: LoginFailureReason = 'timeout';
    let outage: Record<string, boolean> = {};
    let last: ModelFrame = frame;
    while (frame) {
      const overlap = Math.max(0, Math.min(b, frame.t + stepMs) - Math.max(a, frame.t)) / stepMs;
      if (overlap > 0) {
        frame.loginAttemptsByGroup.forEach((x, g) => (loginAttempts[g]! += x * overlap));
        loginTotal += frame.loginAttempts * overlap;
        loginFailWeighted += frame.loginAttempts * frame.loginFailureRatio * overlap;
        if (frame.loginFailureRatio > 0) reason = frame.loginFailureReason;
        for (const [cdn, req] of Object.entries(frame.segmentRequestsByCdn)) {
          segReq[cdn] = (segReq[cdn] ?? 0) + req * overlap;
          segFail[cdn] = (segFail[cdn] ?? 0) + req * overlap * (frame.segmentFailureRatioByCdn[cdn] ?? 0);
        }
        outage = frame.segmentOutageByCdn;
      }
      last = frame;
      if (frame.t + stepMs > b) break;
      frame = night.step();
    }
    const loginFailureRatio = loginTotal > 0 ? loginFailWeighted / loginTotal : 0;
    const events: TelemetryEvent[] = [];
    const status: TickStatus = {
      simTime: b,
      intended: last.intended,
      viewers: 0,
      sessions: 0,
      loginAttempts: 0,
      loginFailures: 0,
      segmentRequests: 0,
      segmentFailures: 0,
    };

    // The session budget is a hard bound: past it (a curve far above its stated peak) groups shrink alike.
    const wanted = groups.map((_, g) => Math.round((last.watchingByGroup[g] ?? 0) / weight));
    const totalWanted = wanted.reduce((a, b) => a + b, 0);
    const fit = totalWanted > options.maxSessions ? options.maxSessions / totalWanted : 1;

    groups.forEach((group, g) => {
      const list = sessions[g]!;
      const buffering = last.bufferingShareByGroup[g] ?? 0;
      const heartbeat = (id: number, state: 'playing' | 'buffering' | 'ended') =>
        events.push({
          type: 'heartbeat',
          sid: sidPrefix + id.toString(36),
          title: group.title,
          state,
          cdn: group.cdn,
          region: group.region,
          device: deviceOf(id),
          weight,
        });
      const target = fit < 1 ? Math.floor((wanted[g] ?? 0) * fit) : (wanted[g] ?? 0);
      while (list.length > target) heartbeat(list.pop()!, 'ended');
      const known = list.length;
      while (list.length < target) list.push(serial++);
      for (let i = 0; i < list.length; i++) {
        const id = list[i]!;
        if (i >= known || id % hbEvery === index % hbEvery)
          heartbeat(id, rng.next() < buffering ? 'buffering' : 'playing');
      }
      status.viewers += list.length * weight;
      status.sessions += list.length;

      const logins = stochasticRound(rng, (loginAttempts[g] ?? 0) / weight);
      for (let i = 0; i < logins; i++) {
        const failed = rng.next() < loginFailureRatio;
        const method = scenario.loginMethods[pickWeighted(rng, methodShares)]?.name ?? 'password';
        const device = scenario.devices[pickWeighted(rng, deviceShares)]?.name ?? 'web';
        events.push(
          failed
            ? { type: 'login', outcome: 'failure', reason: LOGIN_REASON[reason], method, region: group.region, device }
            : { type: 'login', outcome: 'success', method, region: group.region, device }
        );
        status.loginAttempts += 1;
        if (failed) status.loginFailures += 1;
      }

      const cdnFailure = (segReq[group.cdn] ?? 0) > 0 ? (segFail[group.cdn] ?? 0) / (segReq[group.cdn] ?? 1) : 0;
      // Viewers knocked out keep retrying their stream: their requests count too (they fail in an outage).
      const retrying = (RETRYING_REQUEST_SHARE * (last.retryingByGroup[g] ?? 0)) / weight;
      const segments = stochasticRound(rng, (list.length + retrying) / hbEvery);
      for (let i = 0; i < segments; i++) {
        const failed = rng.next() < cdnFailure;
        const status504 = outage[group.cdn] ? 503 : rng.next() < 0.75 ? 504 : 'timeout';
        events.push({
          type: 'segment',
          title: group.title,
          cdn: group.cdn,
          status: failed ? status504 : 200,
          duration_ms: Math.round(failed ? 4000 : 150 + 600 * rng.next()),
          ...(failed ? {} : { bytes: 1_000_000 + Math.round(1_000_000 * rng.next()) }),
        });
        status.segmentRequests += 1;
        if (failed) status.segmentFailures += 1;
      }
    });

    const tick: Tick = { index, simFrom: a, simTo: b, events, status };
    index += 1;
    return tick;
  }

  return { weight, totalTicks, next };
}
