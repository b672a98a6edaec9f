import { Counter, type Registry } from 'prom-client';
import type { CounterFamily } from '../state/counterFamily';
import type { PlayerCounters } from './playerCounters';

/** The module's counters, read from the player counters at scrape time. */
export function registerCmcdMetrics(registry: Registry, counters: PlayerCounters): void {
  familyCounter(
    registry,
    'launchday_player_errors_total',
    'Player error reports (CMCD e=e), by title.',
    counters.errors
  );
  familyCounter(
    registry,
    'launchday_player_segment_responses_total',
    'Media responses players reported (CMCD e=rr), successful or not. The same requests CDN logs report: never add the two.',
    counters.responses
  );
  familyCounter(
    registry,
    'launchday_player_segment_failures_total',
    'Media responses players reported as failed (CMCD e=rr), by status class (504 apart).',
    counters.failedResponses
  );
}

function familyCounter(registry: Registry, name: string, help: string, family: CounterFamily): void {
  new Counter({
    name,
    help,
    labelNames: family.labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, value } of family.entries()) this.inc(labels, value);
    },
  });
}
