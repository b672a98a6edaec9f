/** Entries past which the cache starts afresh: a flood of distinct raw values cannot grow it. */
const MAX_ENTRIES = 65_536;

type Level = Map<string, Level | number>;

/**
 * Raw label values as events carry them -> the label-set id the guard and the interning gave them,
 * through nested Maps (no key string is built per event). Only ids that were not folded are kept (a
 * folded event must still be counted as folded), and `clear()` runs whenever the guard's answers may
 * change (calendar titles, admitted heavy hitters).
 */
export class LabelSetCache {
  private root: Level = new Map();
  private entries = 0;

  /** `get` for four values without an array (the viewer labels, on every heartbeat). */
  get4(a: string, b: string, c: string, d: string): number | undefined {
    const l1 = this.root.get(a);
    if (typeof l1 !== 'object') return undefined;
    const l2 = l1.get(b);
    if (typeof l2 !== 'object') return undefined;
    const l3 = l2.get(c);
    if (typeof l3 !== 'object') return undefined;
    const id = l3.get(d);
    return typeof id === 'number' ? id : undefined;
  }

  get(values: readonly string[]): number | undefined {
    let level: Level | number | undefined = this.root;
    for (let i = 0; i < values.length; i++) {
      if (typeof level !== 'object') return undefined;
      level = level.get(values[i]!);
      if (level === undefined) return undefined;
    }
    return typeof level === 'number' ? level : undefined;
  }

  set(values: readonly string[], id: number): void {
    if (this.entries >= MAX_ENTRIES) this.clear();
    let level = this.root;
    for (let i = 0; i < values.length - 1; i++) {
      let next = level.get(values[i]!);
      if (typeof next !== 'object') level.set(values[i]!, (next = new Map()));
      level = next;
    }
    level.set(values[values.length - 1]!, id);
    this.entries++;
  }

  clear(): void {
    this.root = new Map();
    this.entries = 0;
  }
}
