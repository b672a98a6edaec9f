import { Counter, type Registry } from 'prom-client';
import type { CmcdTally } from './cmcdTally';

/** The module's counters, read from the tally at scrape time. */
export function registerCmcdMetrics(registry: Registry, tally: CmcdTally): void {
  new Counter({
    name: 'launchday_cmcd_lines_total',
    help: 'CMCD lines received, by source (player reports, CDN logs) and outcome (applied, invalid, refused, ignored, stale).',
    labelNames: ['source', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [key, value] of tally.byLine) {
        const [source, outcome] = key.split(' ') as [string, string];
        this.inc({ source, outcome }, value);
      }
    },
  });
  new Counter({
    name: 'launchday_player_errors_total',
    help: 'Player error reports (CMCD e=e), by title.',
    labelNames: ['title'],
    registers: [registry],
    collect() {
      this.reset();
      const family = tally.playerErrors;
      family.values.forEach((value, id) => {
        this.inc({ title: (family.sets.tuples[id] as string[])[0] as string }, value ?? 0);
      });
    },
  });
}
