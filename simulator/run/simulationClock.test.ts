import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../scenario/loadScenario';
import { scenarioT0, simulationClock } from './simulationClock';
import { parseStart } from './startOption';

const scenario = loadScenario('got-s7e7-finale-ocs');
const MIN = 60_000;

test('without --start the run begins now at the window start', () => {
  const clock = simulationClock(scenario, { speed: 60, now: 1_000_000 });
  assert.equal(clock.simFrom, scenario.window.from);
  assert.equal(clock.toWall(scenario.window.from + 60 * MIN), 1_000_000 + MIN);
});

test('--start puts the first airing on that wall instant, at any speed', () => {
  const now = Date.UTC(2030, 0, 1);
  const clock = simulationClock(scenario, { speed: 20, now, start: now + 3 * MIN });
  assert.equal(clock.toWall(scenarioT0(scenario)), now + 3 * MIN);
  // 3 real minutes before T0 at x20 is an hour of simulated time before it.
  assert.equal(clock.simFrom, scenarioT0(scenario) - 60 * MIN);
});

test('--duration bounds the simulated span', () => {
  const clock = simulationClock(scenario, { speed: 60, now: 0, durationMs: 30 * MIN });
  assert.equal(clock.simTo - clock.simFrom, 30 * MIN);
});

test('a non-positive speed is refused', () => {
  assert.throws(() => simulationClock(scenario, { speed: 0, now: 0 }), /speed must be positive/);
});

test('--start reads now, now+10m and ISO instants, and says what is wrong otherwise', () => {
  assert.equal(parseStart('now', 5), 5);
  assert.equal(parseStart('now+10m', 0), 10 * MIN);
  assert.equal(parseStart('now-1h', 3_600_000), 0);
  assert.equal(parseStart('2024-11-16T04:00:00Z', 0), Date.UTC(2024, 10, 16, 4));
  assert.throws(() => parseStart('now+soon', 0), /not a duration after "now\+"/);
  assert.throws(() => parseStart('tomorrow', 0), /expected now, now\+10m or an ISO instant/);
});
