import { TieredSeries, DEFAULT_TIERS, type TierSizes } from './tieredSeries';

/**
 * Recent series by key, at most maxSeries of them: when a new key would exceed the cap, the series
 * seen least recently is dropped (and counted), so a churn of titles cannot grow memory.
 */
export class SeriesStore {
  private readonly series = new Map<string, TieredSeries>();
  dropped = 0;

  constructor(
    readonly maxSeries: number,
    private readonly tiers: TierSizes = DEFAULT_TIERS
  ) {}

  push(key: string, t: number, v: number): void {
    let s = this.series.get(key);
    if (s) {
      // Re-insert to keep the map ordered by last use.
      this.series.delete(key);
    } else {
      if (this.series.size >= this.maxSeries) {
        const oldest = this.series.keys().next().value;
        if (oldest !== undefined) this.series.delete(oldest);
        this.dropped++;
      }
      s = new TieredSeries(this.tiers);
    }
    this.series.set(key, s);
    s.push(t, v);
  }

  get(key: string): TieredSeries | undefined {
    return this.series.get(key);
  }

  keys(): string[] {
    return [...this.series.keys()];
  }

  get size(): number {
    return this.series.size;
  }
}
