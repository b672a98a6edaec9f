import type { CalendarEvent } from './event';
import { byStartThenId } from './event-window';

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
 */
export function mergeEvents(candidates: Iterable<SourcedEvent>): MergeResult {
  const winners = new Map<string, SourcedEvent>();
  const duplicates: MergeResult['duplicates'] = [];
  for (const candidate of candidates) {
    const id = candidate.event.id;
    const held = winners.get(id);
    if (!held) {
      winners.set(id, candidate);
      continue;
    }
    const challengerWins =
      candidate.sequence > held.sequence ||
      (candidate.sequence === held.sequence && candidate.sourceRank < held.sourceRank);
    const [winner, loser] = challengerWins ? [candidate, held] : [held, candidate];
    winners.set(id, winner);
    duplicates.push({ id, winnerRank: winner.sourceRank, loserRank: loser.sourceRank });
  }
  const events = [...winners.values()].filter((c) => !c.cancelled).map((c) => c.event);
  return { events: events.sort(byStartThenId), duplicates };
}
