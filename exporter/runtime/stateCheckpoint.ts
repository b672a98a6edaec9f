import type { Logger } from 'pino';
import { saveSessions, type SaveResult } from '../state/stateFile';
import type { TelemetryState } from '../state/telemetryState';

/**
 * Saves the session table every `intervalMs` (and on shutdown), so a SIGKILL or a crash loses at most
 * one interval of changes. A save that fails says how many sessions it could not keep.
 */
export class StateCheckpoints {
  saves = 0;
  failures = 0;
  /** Sessions the last save wrote, and those the last failed save could not (0 after a good save). */
  lastSaved = 0;
  unsaved = 0;
  lastSuccessMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SaveResult> | undefined;

  constructor(
    private readonly state: TelemetryState,
    private readonly path: string,
    private readonly logger: Logger
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.save(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and saves once more, after any save in flight. */
  async stop(): Promise<SaveResult> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    return this.save();
  }

  /** One save at a time: a tick that finds one in flight waits for the next. */
  save(): Promise<SaveResult> {
    if (this.running) return this.running;
    this.running = saveSessions(this.state, this.path).then((result) => {
      this.running = undefined;
      if ('error' in result) {
        this.failures++;
        this.unsaved = result.lost;
        this.logger.error({ stateFile: this.path, lost: result.lost }, result.error);
      } else {
        this.saves++;
        this.lastSaved = result.saved;
        this.unsaved = 0;
        this.lastSuccessMs = Date.now();
      }
      return result;
    });
    return this.running;
  }
}
