import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventLoopLag } from './eventLoopLag';

/** Holds the loop until the process has spent `ms` of CPU (on a loaded machine that takes longer). */
const block = (ms: number) => {
  const start = process.cpuUsage();
  for (;;) {
    const spent = process.cpuUsage(start);
    if ((spent.user + spent.system) / 1000 >= ms) return;
  }
};

test('an isolated stall shows in the lag as soon as it ends, and for a window after', async () => {
  const lag = new EventLoopLag();
  lag.start(1000);
  try {
    await sleep(100);
    block(300);
    await sleep(50);
    assert.ok(lag.p99Ms >= 250, `lag read ${lag.p99Ms} ms right after a 300 ms stall`);
    // Kept until the end of the window after the stall's: at least one window after it ended.
    await sleep(600);
    assert.ok(lag.p99Ms >= 250, 'still seen later, within the next window');
  } finally {
    lag.stop();
  }
});

test('a process starved of CPU by others is not counted as stalled by its own work', async () => {
  const lag = new EventLoopLag();
  lag.start(1000);
  try {
    await sleep(100);
    // A synchronous sleep holds the loop without spending CPU: what a descheduled process sees.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    await sleep(50);
    assert.ok(lag.p99Ms < 150, `lag read ${lag.p99Ms} ms after 300 ms without CPU`);
  } finally {
    lag.stop();
  }
});
