import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Event-loop lag as the p99 of the last completed window; ingestion sheds load on it. */
export class EventLoopLag {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout | undefined;
  private lastP99Ms = 0;

  start(windowMs = 1000): void {
    this.histogram.enable();
    this.timer = setInterval(() => {
      this.lastP99Ms = this.histogram.count > 0 ? this.histogram.percentile(99) / 1e6 : 0;
      this.histogram.reset();
    }, windowMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.histogram.disable();
  }

  get p99Ms(): number {
    return this.lastP99Ms;
  }
}
