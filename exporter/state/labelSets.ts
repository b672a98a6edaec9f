/**
 * Interns label tuples into small integer ids, within a series budget. Past the budget a new tuple is
 * folded into the overflow tuple (all `other`) and counted, so an attack cannot grow the exposition.
 */
export class LabelSets {
  private readonly ids = new Map<string, number>();
  readonly tuples: string[][] = [];
  private overflowId = -1;
  folded = 0;

  constructor(
    private readonly budget: number,
    private readonly overflowTuple: string[]
  ) {}

  idOf(tuple: string[]): number {
    const key = tuple.join('\u0000');
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.tuples.length >= this.budget) {
      this.folded++;
      return this.overflow();
    }
    return this.add(key, tuple);
  }

  get size(): number {
    return this.tuples.length;
  }

  private overflow(): number {
    if (this.overflowId < 0) {
      const key = this.overflowTuple.join('\u0000');
      this.overflowId = this.ids.get(key) ?? this.add(key, this.overflowTuple);
    }
    return this.overflowId;
  }

  private add(key: string, tuple: string[]): number {
    const id = this.tuples.length;
    this.ids.set(key, id);
    this.tuples.push(tuple);
    return id;
  }
}
