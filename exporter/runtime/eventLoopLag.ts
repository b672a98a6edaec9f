import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

/** How often the stall probe expects to run; its lateness is a stall's length. */
const PROBE_MS = 20;

/**
 * Event-loop lag for load shedding: the worse of the last window's p99 and the longest stall seen in
 * the last window or the current one. A p99 alone missed isolated one-second stalls (a single late
 * sample in a window, read only once the window closed); the probe sees a stall the moment it ends.
 * A stall is the probe's lateness capped by the CPU the process spent meanwhile: a process the machine
 * starved of CPU (other processes on its cores) was not busy itself, and refusing ingestion would not
 * make its scrapes faster.
 */
export class EventLoopLag {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout | undefined;
  private probe: NodeJS.Timeout | undefined;
  private lastP99Ms = 0;
  private lastStallMs = 0;
  private stallMs = 0;

  start(windowMs = 1000): void {
    this.histogram.enable();
    this.timer = setInterval(() => {
      this.lastP99Ms = this.histogram.count > 0 ? this.histogram.percentile(99) / 1e6 : 0;
      this.histogram.reset();
      this.lastStallMs = this.stallMs;
      this.stallMs = 0;
    }, windowMs);
    this.timer.unref();
    let expected = performance.now() + PROBE_MS;
    let cpu = process.cpuUsage();
    this.probe = setInterval(() => {
      const now = performance.now();
      const late = now - expected;
      if (late > 0) {
        const spent = process.cpuUsage(cpu);
        this.stallMs = Math.max(this.stallMs, Math.min(late, (spent.user + spent.system) / 1000));
      }
      cpu = process.cpuUsage();
      expected = now + PROBE_MS;
    }, PROBE_MS);
    this.probe.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.probe) clearInterval(this.probe);
    this.histogram.disable();
  }

  /** The lag shedding compares with its budget, in ms (named for the p99 it also covers). */
  get p99Ms(): number {
    return Math.max(this.lastP99Ms, this.lastStallMs, this.stallMs);
  }
}
