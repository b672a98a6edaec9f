import type { CalendarEvent } from './event';
import { byStartThenId } from './eventWindow';

/** An event as one source states it, with what the merge needs to choose between duplicates. */
export interface SourcedEvent {
  event: CalendarEvent;
  /** ICS SEQUENCE (0 for files): a later revision of the same event wins. */
  sequence: number;
  /** A cancellation is kept through the merge so it can override an older live copy elsewhere. */
  cancelled: boolean;
  /** Position of the source in the configuration: the earlier source wins a tie. */
  sourceRank: number;
}

export interface MergeResult {
  events: CalendarEvent[];
  /** Ids seen more than once, with the rank of the source that won, for the logs. */
  duplicates: { id: string; winnerRank: number; loserRank: number }[];
}

/**
 * The merge rule for several sources: events with the same id (ICS UID, plus the recurrence instant
 * for occurrences; the file's `id`) are one event. The highest SEQUENCE wins; on a tie the source
 * listed first in the configuration wins. A winning cancellation removes the event.
 * Incremental, so a caller with tens of thousands of occurrences can feed it between event-loop turns.
 */
export class EventMerger {
  private readonly winners = new Map<string, SourcedEvent>();
  readonly duplicates: MergeResult['duplicates'] = [];

  add(candidate: SourcedEvent): void {
    const id = candidate.event.id;
    const held = this.winners.get(id);
    if (!held) {
      this.winners.set(id, candidate);
      return;
    }
    const challengerWins =
      candidate.sequence > held.sequence ||
      (candidate.sequence === held.sequence && candidate.sourceRank < held.sourceRank);
    const [winner, loser] = challengerWins ? [candidate, held] : [held, candidate];
    this.winners.set(id, winner);
    this.duplicates.push({ id, winnerRank: winner.sourceRank, loserRank: loser.sourceRank });
  }

  /** The surviving events, unsorted. */
  events(): CalendarEvent[] {
    const out: CalendarEvent[] = [];
    for (const c of this.winners.values()) if (!c.cancelled) out.push(c.event);
    return out;
  }
}

/** `EventMerger` in one call, sorted by start then id. */
export function mergeEvents(candidates: Iterable<SourcedEvent>): MergeResult {
  const merger = new EventMerger();
  for (const candidate of candidates) merger.add(candidate);
  return { events: merger.events().sort(byStartThenId), duplicates: merger.duplicates };
}
