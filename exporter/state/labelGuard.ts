import { cutLabel } from './labelValue';
import { SurgingTitles } from './surgingTitles';

export const OTHER = 'other';
export const UNKNOWN = 'unknown';

export interface LabelAllowLists {
  cdn: readonly string[];
  region: readonly string[];
  device: readonly string[];
  method: readonly string[];
  reason: readonly string[];
}

export type Dimension = keyof LabelAllowLists;

/**
 * The cardinality guard: titles are kept only if known (catalog or calendar), other dimensions only if
 * allow-listed; everything else is counted under `other`.
 */
export class LabelGuard {
  private readonly catalog: Set<string>;
  private calendarTitles = new Set<string>();
  private readonly allowed: Record<Dimension, Set<string>>;
  /** Bumped whenever a title's answer may change, so caches of the guard's answers start afresh. */
  version = 0;

  readonly surging: SurgingTitles;

  /** `maxSurging`: unknown titles that may be admitted as themselves when they surge (0: none). */
  constructor(catalog: readonly string[], allow: LabelAllowLists, maxSurging = 0) {
    this.surging = new SurgingTitles(maxSurging);
    this.catalog = new Set(catalog.map(cutLabel));
    this.allowed = {
      cdn: new Set(allow.cdn.map(cutLabel)),
      region: new Set(allow.region.map(cutLabel)),
      device: new Set(allow.device.map(cutLabel)),
      method: new Set(allow.method.map(cutLabel)),
      reason: new Set(allow.reason.map(cutLabel)),
    };
  }

  /** Titles on the calendar join the known titles (replacing the previous calendar's). */
  setCalendarTitles(titles: readonly string[]): void {
    this.calendarTitles = new Set(titles.map(cutLabel));
    this.version++;
  }

  knownTitles(): string[] {
    return [...new Set([...this.catalog, ...this.calendarTitles])].sort();
  }

  /** A version that also moves when surging titles come and go (for caches of `title()`). */
  get answersVersion(): number {
    return this.version + this.surging.version;
  }

  /**
   * The title's label: itself when known or surging, else `other`. An unknown title's event is counted
   * towards surging whether it is admitted or not: an admitted title that stopped being counted would
   * fade out of the sketch and leave within three windows however hot it still was.
   */
  title(raw: string): string {
    const value = cutLabel(raw); // known titles were cut the same way
    if (this.catalog.has(value) || this.calendarTitles.has(value)) return value;
    return this.noteUnknown(value) || this.surging.has(value) ? value : OTHER;
  }

  /**
   * Whether a label set with this title label must still have its events counted (`noteUnknown`) by
   * callers that cache the guard's answers: folded unknown titles and admitted surging ones.
   */
  counted(titleLabel: string): boolean {
    return titleLabel === OTHER || this.surging.has(titleLabel);
  }

  /**
   * Counts an event of an unknown title, folded or admitted (callers that cache the answer call this on
   * every event); true when it has just been admitted as surging, which changes the guard's answers.
   */
  noteUnknown(raw: string): boolean {
    return this.surging.observe(cutLabel(raw));
  }

  /** An absent optional dimension is reported as `unknown`, an unlisted one as `other`. */
  dimension(dim: Dimension, raw: string | undefined): string {
    if (raw === undefined || raw === '') return UNKNOWN;
    return this.allowed[dim].has(raw) ? raw : OTHER;
  }
}
