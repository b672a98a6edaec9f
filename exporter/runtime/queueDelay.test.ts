import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueDelay, STANDING_WINDOW_MS, type LoopClock } from './queueDelay';

/** A loop driven by hand: time, idle time, and the end of each poll pass. */
function fakeLoop(exactFromMs = 0) {
  let now = 0;
  let idle = 0;
  let cpu = 0;
  let pending: (() => void)[] = [];
  const reads = { cpu: 0 };
  const clock: LoopClock = {
    now: () => now,
    idleMs: () => idle,
    cpuMs: () => (reads.cpu++, cpu),
    afterPass: (fn) => pending.push(fn),
  };
  return {
    delay: new QueueDelay(clock, exactFromMs),
    reads,
    busy: (ms: number) => ((now += ms), (cpu += ms)),
    /** Busy, but the process had the CPU only `cpuMs` of it (other processes on its cores). */
    starved: (ms: number, cpuMs: number) => ((now += ms), (cpu += cpuMs)),
    idle: (ms: number) => ((now += ms), (idle += ms)),
    endPass: () => {
      const fns = pending;
      pending = [];
      for (const fn of fns) fn();
    },
  };
}

test('a burst that reaches an idle loop carries no wait, however long its pass', () => {
  const loop = fakeLoop();
  const waits: number[] = [];
  for (let i = 0; i < 40; i++) {
    waits.push(loop.delay.sustainedMs());
    loop.busy(1.1); // each request ingested in turn, in the same pass
  }
  loop.endPass();
  assert.deepEqual(new Set(waits), new Set([0]));
  loop.idle(5); // the loop waits for work
  assert.equal(loop.delay.sustainedMs(), 0);
});

test('a pass right after another (no idle between) has waited half the one before, and what was read before it', () => {
  const loop = fakeLoop();
  loop.delay.sustainedMs(); // pass 1 starts at 0
  loop.busy(16); // 16 requests of 1 ms
  loop.endPass(); // pass 1: 0-16 ms
  loop.busy(2); // timers, the poll finding sockets ready at once
  loop.idle(0.01);
  // Half of pass 1; the 2 ms between the passes are left out (the loop may have polled in them).
  assert.equal(loop.delay.sustainedMs(), 8);
  loop.busy(10);
  assert.equal(loop.delay.sustainedMs(), 18, 'later in the same pass: the requests read before it too');
  loop.endPass(); // pass 2: 18.01-28.01
  loop.idle(3); // the loop idles: the next pass starts afresh
  assert.equal(loop.delay.sustainedMs(), 0);
});

test('a process starved of CPU is charged only the wait its own work made', () => {
  const loop = fakeLoop();
  loop.delay.sustainedMs();
  loop.busy(16);
  loop.endPass(); // pass 1: 16 ms wall and CPU
  loop.delay.sustainedMs(); // pass 2 starts
  loop.starved(100, 4); // 100 ms off its cores, 4 ms of its own work
  assert.equal(loop.delay.sustainedMs(), 8 + 4);
});

test('the standing queue is the smallest wait over the last whole window: a queue that stays, not a GC backlog', () => {
  // Back-to-back passes of 16 ms (the loop never idles): every request has waited 8 ms or more.
  const loop = fakeLoop();
  const standing: number[] = [];
  for (let pass = 0; pass < 20; pass++) {
    for (let i = 0; i < 16; i++) {
      standing.push(loop.delay.standingMs());
      loop.busy(1);
    }
    loop.endPass();
  }
  assert.equal(standing[0], 0, 'nothing measured before the first window closes');
  assert.equal(standing.at(-1), 8, 'the first request of each pass waited half the pass before it');

  // A 150 ms GC pause, then passes after idles: the backlog's waits do not stand past the window.
  const gc = fakeLoop();
  gc.delay.standingMs();
  gc.busy(1);
  gc.endPass();
  gc.busy(150); // the pause
  const after: number[] = [];
  for (let pass = 0; pass < 30; pass++) {
    after.push(gc.delay.standingMs());
    gc.busy(1);
    gc.endPass();
    gc.idle(9); // then the loop waits for work again
  }
  assert.equal(Math.max(...after.slice(-10)), 0, `${after.join(' ')}`);
  assert.ok(after.length * 10 > 2 * STANDING_WINDOW_MS);
});

test('below exactFromMs a wait is not capped and reads no CPU clock; from it on the cap is exact', () => {
  const exact = fakeLoop();
  const lazy = fakeLoop(20);
  for (const loop of [exact, lazy]) {
    loop.delay.sustainedMs();
    loop.busy(16);
    loop.endPass(); // pass 1: 16 ms wall and CPU
    loop.delay.sustainedMs(); // pass 2 starts: 8 ms waited
  }
  const before = lazy.reads.cpu;
  exact.starved(6, 1);
  lazy.starved(6, 1);
  assert.equal(exact.delay.sustainedMs(), 8 + 1, 'capped: 1 ms of its own work since the pass began');
  assert.equal(lazy.delay.sustainedMs(), 8 + 6, 'under 20 ms: returned as waited');
  assert.equal(lazy.reads.cpu, before, 'no CPU read for it');
  exact.starved(20, 2);
  lazy.starved(20, 2);
  assert.equal(lazy.delay.sustainedMs(), exact.delay.sustainedMs());
  assert.equal(lazy.delay.sustainedMs(), 8 + 3);
  // Within the pass before's CPU half the cap cannot lower a wait: no read either way.
  const plain = fakeLoop();
  plain.delay.sustainedMs();
  plain.busy(16);
  plain.endPass();
  const reads = plain.reads.cpu;
  assert.equal(plain.delay.sustainedMs(), 8);
  assert.equal(plain.reads.cpu, reads + 1, 'only the pass start reads the clock');
});
