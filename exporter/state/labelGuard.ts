import { cutLabel } from './labelValue';

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

  constructor(catalog: readonly string[], allow: LabelAllowLists) {
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

  title(raw: string): string {
    const value = cutLabel(raw); // known titles were cut the same way
    return this.catalog.has(value) || this.calendarTitles.has(value) ? value : OTHER;
  }

  /** An absent optional dimension is reported as `unknown`, an unlisted one as `other`. */
  dimension(dim: Dimension, raw: string | undefined): string {
    if (raw === undefined || raw === '') return UNKNOWN;
    return this.allowed[dim].has(raw) ? raw : OTHER;
  }
}
