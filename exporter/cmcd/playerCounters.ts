import { CounterFamily } from '../state/counterFamily';
import type { TelemetryState } from '../state/telemetryState';
import { STATUS_CLASSES, statusClass, type SegmentStatus } from '../state/statusClass';

/**
 * What players say about themselves, kept apart from the telemetry counters: a player's `e=rr` for a
 * segment is the same request a CDN log line reports, so adding both would count each failure twice.
 */
export class PlayerCounters {
  /** `e=e` reports, by title. */
  readonly errors: CounterFamily;
  /** `e=rr` responses for media, by title and CDN. */
  readonly responses: CounterFamily;
  /** The failed ones among them, under the labels their response was counted under, by status class. */
  readonly failedResponses: CounterFamily;

  constructor(
    private readonly state: TelemetryState,
    seriesBudget: number
  ) {
    this.errors = new CounterFamily(['title'], seriesBudget);
    this.responses = new CounterFamily(['title', 'cdn'], seriesBudget);
    this.failedResponses = new CounterFamily(
      ['title', 'cdn', 'status_class'],
      (seriesBudget + 1) * STATUS_CLASSES.length
    );
  }

  error(title: string): void {
    this.errors.inc([this.state.guard.title(title)]);
  }

  response(title: string, cdn: string, status: SegmentStatus): void {
    const counted = this.responses.inc([this.state.guard.title(title), this.state.guard.dimension('cdn', cdn)]);
    const failure = statusClass(status);
    if (failure !== null) this.failedResponses.inc([...counted, failure]);
  }
}
