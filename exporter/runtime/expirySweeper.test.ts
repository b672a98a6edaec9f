import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SessionState, SessionTable } from '../state/sessionTable';
import { MAX_CATCH_UP_MS, MAX_SLICE_MS, startExpirySweeper, tickBudget } from './expirySweeper';

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

test('a late tick does the work of the ticks it missed, up to twice a tick: a busy loop sweeps as fast', () => {
  const span = 1_000_000;
  const onTime = tickBudget(25, span, 40);
  assert.deepEqual(onTime, { slots: 25_001, ms: MAX_SLICE_MS });
  assert.deepEqual(tickBudget(5, span, 40), onTime, 'an early tick does no less than one tick');
  const late = tickBudget(60, span, 40);
  assert.equal(late.ms, MAX_CATCH_UP_MS, 'a 60 ms gap gets the 4 ms of the old sweeper, no more');
  assert.equal(late.slots, 50_001);
  assert.deepEqual(tickBudget(500, span, 40), late, 'a long stall is not made up at once');
  const between = tickBudget(37.5, span, 40);
  assert.equal(between.ms, 3);
  assert.equal(between.slots, 37_501);
  // Removal time a second with 60 ms loop passes: 4 ms a pass (66.7 ms/s), as 4 ms every 50 ms gave.
  assert.ok((1000 / 60) * late.ms >= 66);
});
