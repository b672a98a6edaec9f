import type { Capacity } from '../../core/capacity/capacity';
import type { ParsedEvent } from './icsCalendar';
import type { SourceFormat } from './sourceText';

/** The last version of a source that loaded cleanly: what we keep serving while a newer one is broken. */
export interface LastGood {
  text: string;
  format: SourceFormat;
  events: ParsedEvent[];
  capacity?: Capacity;
  refreshIntervalMs?: number;
  loadedAt: number;
}
