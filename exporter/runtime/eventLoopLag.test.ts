import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventLoopLag } from './eventLoopLag';

const block = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

test('an isolated stall shows in the lag as soon as it ends, and for a window after', async () => {
  const lag = new EventLoopLag();
  lag.start(1000);
  try {
    await sleep(100);
    block(300);
    await sleep(50);
    assert.ok(lag.p99Ms >= 250, `lag read ${lag.p99Ms} ms right after a 300 ms stall`);
    await sleep(1100);
    assert.ok(lag.p99Ms >= 250, 'still seen one window later');
  } finally {
    lag.stop();
  }
});
