import { LaunchdayMemo } from './launchday';

/**
 * What a caller keeps between forecasts of the same events (the exporter's refresh, from one refresh to
 * the next): per event id, the values its fit can read back instead of recomputing them (its daily
 * profile, prior, template excess), each kept only while what it was computed from is unchanged. A
 * forecast is the same with or without it. At most `maxEvents` events, the least recently used dropped.
 */
export class ForecastMemo {
  private readonly events = new Map<string, LaunchdayMemo>();

  constructor(readonly maxEvents = 1000) {
    if (!(maxEvents >= 1)) throw new Error(`forecast memo needs room for at least 1 event, got ${maxEvents}`);
  }

  /** The event's kept values (new ones for an event not seen, or dropped). */
  for(id: string): LaunchdayMemo {
    let memo = this.events.get(id);
    if (memo) this.events.delete(id);
    else {
      memo = new LaunchdayMemo();
      if (this.events.size >= this.maxEvents) {
        const oldest = this.events.keys().next().value;
        if (oldest !== undefined) this.events.delete(oldest);
      }
    }
    this.events.set(id, memo);
    return memo;
  }

  get size(): number {
    return this.events.size;
  }
}
