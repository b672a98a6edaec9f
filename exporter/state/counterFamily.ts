import { LabelSets } from './labelSets';
import { OTHER } from './labelGuard';

/** A monotonic counter per label tuple, interned within the series budget. */
export class CounterFamily {
  readonly sets: LabelSets;
  readonly values: number[] = [];

  constructor(
    readonly labelNames: readonly string[],
    budget: number
  ) {
    this.sets = new LabelSets(
      budget,
      labelNames.map(() => OTHER)
    );
  }

  /** Counts under the tuple, or under the overflow tuple past the budget; returns the tuple used. */
  inc(tuple: string[], by = 1): readonly string[] {
    const id = this.sets.idOf(tuple);
    this.values[id] = (this.values[id] ?? 0) + by;
    return this.sets.tuples[id]!;
  }

  /** Counts under a tuple id `sets.idOf` gave. */
  incId(id: number, by = 1): void {
    this.values[id] = (this.values[id] ?? 0) + by;
  }

  /** Each label set with its count, labels by name: the read view collectors and samples use. */
  entries(): { labels: Record<string, string>; value: number }[] {
    return this.sets.tuples.map((tuple, id) => {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = tuple[i]!));
      return { labels, value: this.values[id] ?? 0 };
    });
  }

  /** A reader of one label's value by tuple id, for a hot path (the label's position found once). */
  labelReader(name: string): (id: number) => string {
    const at = this.labelNames.indexOf(name);
    if (at < 0) throw new Error(`no label ${name} in ${this.labelNames.join(', ')}`);
    const tuples = this.sets.tuples;
    return (id) => tuples[id]![at]!;
  }

  /** Sum over every label tuple (used for the forecast's samples). */
  total(): number {
    let sum = 0;
    for (const v of this.values) sum += v ?? 0;
    return sum;
  }
}
