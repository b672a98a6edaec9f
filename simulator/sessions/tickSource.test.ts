import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLaunchNight } from '../model/launchNight';
import { loadScenario } from '../scenario/loadScenario';
import { scenarioPlan } from '../scenario/scenarioPlan';
import { createTickSource, type Tick } from './tickSource';

const MIN = 60_000;

function ticks(name: string, seed: number, maxSessions: number, tickSimMs = 5 * MIN): Tick[] {
  const scenario = loadScenario(name);
  const source = createTickSource({
    scenario,
    seed,
    simFrom: scenario.window.from,
    simTo: scenario.window.to,
    tickSimMs,
    heartbeatEveryTicks: 4,
    maxSessions,
  });
  const out: Tick[] = [];
  for (let t = source.next(); t; t = source.next()) out.push(t);
  return out;
}

test('the same seed produces the same batches; another seed other batches', () => {
  const a = ticks('casa-de-papel-p4', 7, 2000).map((t) => JSON.stringify(t.events));
  const b = ticks('casa-de-papel-p4', 7, 2000).map((t) => JSON.stringify(t.events));
  const c = ticks('casa-de-papel-p4', 8, 2000).map((t) => JSON.stringify(t.events));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('65M viewers fit in at most about 1M sessions, and the weights add up to the audience', () => {
  const scenario = loadScenario('tyson-paul-live');
  const plan = scenarioPlan(scenario);
  const night = createLaunchNight(plan);
  // Only the peak hour, in 10-minute ticks, to keep the test quick.
  const simFrom = scenario.peak.at - 30 * MIN;
  const source = createTickSource({
    scenario,
    seed: 1,
    simFrom,
    simTo: simFrom + 60 * MIN,
    tickSimMs: 10 * MIN,
    heartbeatEveryTicks: 1000,
    maxSessions: 1_000_000,
  });
  let frame = night.step();
  let maxSessions = 0;
  for (let t = source.next(); t; t = source.next()) {
    while (frame && frame.t + plan.stepSeconds * 1000 <= t.simTo) frame = night.step();
    assert.ok(frame);
    maxSessions = Math.max(maxSessions, t.status.sessions);
    const groups = night.groups.length;
    // Rounding per group costs at most half a weight each.
    assert.ok(
      Math.abs(t.status.viewers - frame.watching) <= (groups * source.weight) / 2 + 1,
      `${t.status.viewers} vs ${frame.watching}`
    );
    const heartbeats = t.events.filter((e) => e.type === 'heartbeat' && e.state !== 'ended');
    assert.ok(heartbeats.every((e) => e.type === 'heartbeat' && e.weight === source.weight));
  }
  assert.ok(maxSessions <= 1_000_000, `${maxSessions} sessions`);
  assert.ok(maxSessions * source.weight >= 60_000_000, 'the sample stands for the whole audience');
});

test('every session is heartbeated once per heartbeat interval and ends with an ended heartbeat', () => {
  const all = ticks('wwe-raw-weekly', 3, 500, 2 * MIN);
  const seen = new Map<string, number>();
  const ended = new Set<string>();
  all.forEach((t, i) => {
    for (const e of t.events) {
      if (e.type !== 'heartbeat') continue;
      if (e.state === 'ended') ended.add(e.sid);
      else seen.set(e.sid, i);
    }
  });
  const last = all.at(-1)!;
  const alive = new Set(
    last.events
      .filter((e) => e.type === 'heartbeat' && e.state !== 'ended')
      .map((e) => (e.type === 'heartbeat' ? e.sid : ''))
  );
  // A live session at the end was heard from within the last 4 ticks (its heartbeat interval).
  for (const [sid, at] of seen) if (!ended.has(sid)) assert.ok(all.length - 1 - at < 4 || alive.has(sid), sid);
  assert.ok(ended.size > 0, 'the audience shrinks after the show, ending sessions');
});

test('logins carry a reason only when they fail, and segments fail only past capacity', () => {
  const all = ticks('casa-de-papel-p4', 1, 3000);
  const logins = all.flatMap((t) => t.events).filter((e) => e.type === 'login');
  assert.ok(logins.length > 100);
  assert.ok(logins.every((e) => e.type === 'login' && (e.outcome === 'failure') === (e.reason !== undefined)));
  const scenario = loadScenario('casa-de-papel-p4');
  const w = scenario.failures[0]!;
  const failedOutside = all
    .filter((t) => t.simTo < w.from - 15 * MIN || t.simFrom > w.to + 15 * MIN)
    .flatMap((t) => t.events)
    .filter((e) => e.type === 'segment' && e.status !== 200);
  assert.equal(failedOutside.length, 0);
});

test('sessions never exceed the budget, even when the audience overshoots its stated peak', () => {
  const scenario = loadScenario('wwe-raw-weekly');
  const airing = scenario.titles[0]!.airings[0]!;
  // A bump five times the peak: far past what the weight was sized for.
  airing.bumps = [{ at: airing.start + 30 * MIN, widthMinutes: 30, gain: 5 }];
  const source = createTickSource({
    scenario,
    seed: 1,
    simFrom: airing.start,
    simTo: airing.start + 60 * MIN,
    tickSimMs: 5 * MIN,
    heartbeatEveryTicks: 4,
    maxSessions: 200,
  });
  let most = 0;
  for (let t = source.next(); t; t = source.next()) most = Math.max(most, t.status.sessions);
  assert.ok(most <= 200, `${most} sessions`);
  assert.ok(most >= 150, 'the budget is used');
});
