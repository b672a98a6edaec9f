import { Counter, Gauge, type Registry } from 'prom-client';
import type { StateCheckpoints } from '../runtime/stateCheckpoint';

/** The state file's health: checkpoints written, failed, and what a failure could not keep. */
export function registerStateMetrics(registry: Registry, checkpoints: StateCheckpoints): void {
  const registers = [registry];
  new Counter({
    name: 'launchday_state_saves_total',
    help: 'Session-table saves (periodic checkpoints and the one on shutdown) attempted.',
    registers,
    collect() {
      this.reset();
      this.inc(checkpoints.saves + checkpoints.failures);
    },
  });
  new Counter({
    name: 'launchday_state_save_failures_total',
    help: 'Session-table saves that failed (disk full, read-only directory); their partial file is removed.',
    registers,
    collect() {
      this.reset();
      this.inc(checkpoints.failures);
    },
  });
  new Gauge({
    name: 'launchday_state_unsaved_sessions',
    help: 'Sessions the last save could not keep (0 once a save succeeds): lost on a crash now.',
    registers,
    collect() {
      this.set(checkpoints.unsaved);
    },
  });
  new Gauge({
    name: 'launchday_state_last_save_timestamp_seconds',
    help: 'When the session table was last saved successfully (0 before the first save).',
    registers,
    collect() {
      this.set(checkpoints.lastSuccessMs / 1000);
    },
  });
}
