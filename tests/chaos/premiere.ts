import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A premiere replayed against an exporter: a population of sessions (UUID ids, as players send them)
 * that grows (a share joins each second) and churns (a share ends, as many join), every live session sending a
 * heartbeat once per heartbeat interval in NDJSON batches of 500. It keeps the truth (the live
 * sessions), so a chaos scenario can compare the viewer gauge with it. Posts that fail while the
 * exporter is down are dropped, as a player's would be.
 */
export class Premiere {
  url: string;
  private live: string[] = [];
  private ending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  failedPosts = 0;
  /** Heartbeats paused (a mass expiry: every viewer gone at once). */
  silent = false;

  constructor(
    url: string,
    private readonly options: {
      intervalMs: number;
      churnPerSecond: number;
      growthPerSecond?: number;
      title: string;
      /**
       * Spread each tick's posts evenly over most of the interval, as real players' heartbeats are (each
       * player keeps its own phase), instead of posting them all at once. A burst of 40 batches (20k
       * events) is handled back to back in one turn of the exporter's loop: 100-170 ms busy, which hides
       * any other stall (the corrupt-calendar scenario measures the reload's).
       */
      spread?: boolean;
    }
  ) {
    this.url = url;
  }

  get truth(): number {
    return this.live.length;
  }

  /** Adds `n` sessions; they heartbeat from the next tick. */
  join(n: number): void {
    for (let i = 0; i < n; i++) this.live.push(randomUUID());
  }

  /** Heartbeats for everyone, once now and then every interval, until `stop()`. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      const startedAt = Date.now();
      this.ticking = this.tick();
      void this.ticking.then(() => {
        if (this.stopped) return;
        const wait = this.options.spread
          ? Math.max(0, startedAt + this.options.intervalMs - Date.now())
          : this.options.intervalMs;
        this.timer = setTimeout(tick, wait);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** Posts the whole population once (the loading phase of a large test). */
  async heartbeatAll(concurrency = 4, ts?: number): Promise<void> {
    const bodies = this.bodies(ts);
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) await this.post(bodies[next++]!);
      })
    );
  }

  private async tick(): Promise<void> {
    const churn = Math.round((this.live.length * this.options.churnPerSecond * this.options.intervalMs) / 1000);
    const growth = Math.round(
      (this.live.length * (this.options.growthPerSecond ?? 0) * this.options.intervalMs) / 1000
    );
    this.ending = this.live.splice(0, churn);
    this.join(churn + growth);
    if (this.silent) return;
    const ended = this.ending.map((sid) =>
      JSON.stringify({ type: 'heartbeat', sid, title: this.options.title, state: 'ended' })
    );
    const bodies = this.bodies();
    for (let i = 0; i < ended.length; i += 500) bodies.push(ended.slice(i, i + 500).join('\n'));
    if (!this.options.spread) {
      await Promise.all(bodies.map((b) => this.post(b)));
      return;
    }
    const gapMs = (this.options.intervalMs * 0.8) / bodies.length;
    await Promise.all(bodies.map((b, i) => sleep(i * gapMs).then(() => this.post(b))));
  }

  private bodies(ts?: number): string[] {
    const title = this.options.title;
    const at = ts === undefined ? '' : `,"ts":${ts}`;
    const bodies: string[] = [];
    for (let i = 0; i < this.live.length; i += 500) {
      bodies.push(
        this.live
          .slice(i, i + 500)
          .map((sid) => `{"type":"heartbeat","sid":"${sid}","title":"${title}","state":"playing","cdn":"akamai"${at}}`)
          .join('\n')
      );
    }
    return bodies;
  }

  private async post(body: string): Promise<void> {
    try {
      const res = await fetch(`${this.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body,
      });
      await res.arrayBuffer();
      if (!res.ok) this.failedPosts++;
    } catch {
      this.failedPosts++;
    }
  }
}
