import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SessionState, SessionTable } from '../state/sessionTable';
import { startExpirySweeper } from './expirySweeper';

test('the sweeper removes sessions soon after their TTL, in slices, with no full-table pass', async () => {
  const table = new SessionTable(10_000, 300);
  for (let i = 0; i < 5000; i++) table.heartbeat(`s${i}`, 0, SessionState.Playing, 1, Date.now());
  const stop = startExpirySweeper(table, 200);
  try {
    await sleep(150);
    assert.equal(table.size, 5000, 'nobody leaves before the TTL');
    await sleep(600);
    assert.equal(table.size, 0, 'everybody left within TTL + one pass');
  } finally {
    stop();
  }
});
