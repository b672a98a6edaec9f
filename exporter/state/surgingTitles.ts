/** Titles tracked by the sketch (Space-Saving counters): memory is fixed whatever arrives. */
const COUNTERS = 256;
/** Events a title must certainly have had in the current window to be admitted. */
export const ADMIT_EVENTS = 200;
/** Windows are halved every this many unknown-title events, so old surges fade. */
const WINDOW_EVENTS = 200_000;

/**
 * Unknown titles (in neither the catalog nor the calendar) that surge: a Space-Saving sketch of the
 * unknown titles' events keeps the heaviest, and one is admitted as itself once its guaranteed count
 * (count minus the sketch's error) reaches `ADMIT_EVENTS` in the window, with at most `maxAdmitted`
 * at once. Hysteresis keeps series from flapping: an admitted title leaves only when its guaranteed
 * count falls under a quarter of the admission bar at a window's end, and a newcomer displaces the
 * weakest admitted one only when twice as heavy. One-off titles, however many, never certainly count
 * more than 1, so a million of them admit nothing.
 */
export class SurgingTitles {
  private readonly slot = new Map<string, number>();
  private readonly titles: string[] = [];
  private readonly counts = new Float64Array(COUNTERS);
  private readonly errors = new Float64Array(COUNTERS);
  private readonly admitted = new Set<string>();
  /** 1 where the counter belongs to an admitted title. */
  private readonly pinned = new Uint8Array(COUNTERS);
  private seen = 0;
  /** Bumped when the admitted set changes. */
  version = 0;

  private readonly maxAdmitted: number;

  constructor(maxAdmitted: number) {
    // At least one counter is always free of admitted titles, for newcomers.
    this.maxAdmitted = Math.min(maxAdmitted, COUNTERS - 1);
  }

  has(title: string): boolean {
    return this.admitted.has(title);
  }

  admittedTitles(): string[] {
    return [...this.admitted].sort();
  }

  /** Counts one event of an unknown title; true when this admitted it. */
  observe(title: string): boolean {
    if (this.maxAdmitted === 0) return false;
    if (++this.seen >= WINDOW_EVENTS) this.endWindow();
    let i = this.slot.get(title);
    if (i === undefined) {
      if (this.titles.length < COUNTERS) {
        i = this.titles.length;
        this.titles.push(title);
      } else {
        i = this.weakest();
        this.slot.delete(this.titles[i]!);
        this.errors[i] = this.counts[i]!; // Space-Saving: the newcomer inherits the evicted count as error
        this.titles[i] = title;
      }
      this.slot.set(title, i);
    }
    this.counts[i] = this.counts[i]! + 1;
    if (this.admitted.has(title)) return false;
    return this.consider(title, this.guaranteed(i));
  }

  private guaranteed(i: number): number {
    return this.counts[i]! - this.errors[i]!;
  }

  private consider(title: string, count: number): boolean {
    if (count < ADMIT_EVENTS) return false;
    if (this.admitted.size >= this.maxAdmitted) {
      let weakest: string | undefined;
      let weakestCount = Infinity;
      for (const t of this.admitted) {
        const j = this.slot.get(t);
        const c = j === undefined ? 0 : this.guaranteed(j);
        if (c < weakestCount) [weakest, weakestCount] = [t, c];
      }
      if (weakest === undefined || count < 2 * weakestCount) return false;
      this.leave(weakest);
    }
    this.admitted.add(title);
    this.pinned[this.slot.get(title)!] = 1;
    this.version++;
    return true;
  }

  /** The lightest counter not held by an admitted title (a flood of one-offs cannot push those out). */
  private weakest(): number {
    let min = -1;
    let minCount = Infinity;
    const counts = this.counts;
    for (let i = 0; i < COUNTERS; i++) {
      if (counts[i]! < minCount && this.pinned[i] === 0) [min, minCount] = [i, counts[i]!];
    }
    return min;
  }

  private leave(title: string): void {
    this.admitted.delete(title);
    const i = this.slot.get(title);
    if (i !== undefined) this.pinned[i] = 0;
  }

  private endWindow(): void {
    this.seen = 0;
    for (let i = 0; i < this.titles.length; i++) {
      this.counts[i] = this.counts[i]! / 2;
      this.errors[i] = this.errors[i]! / 2;
    }
    for (const title of [...this.admitted]) {
      const i = this.slot.get(title);
      if (i === undefined || this.guaranteed(i) < ADMIT_EVENTS / 4) {
        this.leave(title);
        this.version++;
      }
    }
  }
}
