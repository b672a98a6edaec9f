import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../scenario/loadScenario';
import { runSimulation } from './runSimulation';
import { simulationClock } from './simulationClock';

const scenario = loadScenario('got-s7e7-finale-ocs');

async function batches(seed: number): Promise<string[][]> {
  const sent: string[][] = [];
  await runSimulation({
    scenario,
    seed,
    clock: simulationClock(scenario, { speed: 3600, now: 0 }),
    tickSeconds: 0.5,
    heartbeatIntervalSeconds: 2,
    maxSessions: 500,
    send: async (lines) => void sent.push(lines),
    paced: false,
  });
  return sent;
}

test('the same seed sends the same batches, line for line', async () => {
  const [a, b, c] = await Promise.all([batches(11), batches(11), batches(12)]);
  assert.ok(a.length > 5);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('every line sent is a JSON event of the ingestion schema', async () => {
  const lines = (await batches(1)).flat();
  for (const line of lines.slice(0, 5000)) {
    const e = JSON.parse(line) as { type: string };
    assert.ok(['heartbeat', 'login', 'segment'].includes(e.type), line);
  }
});

test('an aborted run stops sending and says so', async () => {
  const controller = new AbortController();
  let sends = 0;
  const summary = await runSimulation({
    scenario,
    seed: 1,
    clock: simulationClock(scenario, { speed: 60, now: Date.now() }),
    tickSeconds: 0.05,
    heartbeatIntervalSeconds: 1,
    maxSessions: 100,
    send: async () => {
      sends += 1;
      if (sends === 3) controller.abort();
    },
    signal: controller.signal,
  });
  assert.equal(summary.aborted, true);
  assert.equal(sends, 3);
});
