import type pino from 'pino';
import type { CalendarEvent } from '../../core/calendar/event';
import { eventBaseline, pointsBetween, type PastEvent } from '../../core/forecast';
import { downsample, loadEventHistory, saveEventHistory, toPastEvent, type EventRecord } from './eventHistory';
import type { SeriesStore } from './seriesStore';

/** Past events shown as launchday_event_observed_peak_viewers: the most recent ones. */
const OBSERVED_SHOWN = 50;

/**
 * The event history: loaded once from its file, then each ended event's curve and peak recorded
 * once and saved atomically; the reference class learns from it.
 */
export function createEventRecorder(opts: { file?: string; logger: pino.Logger; titles: SeriesStore }) {
  let history: EventRecord[] = [];
  let loaded: Promise<void> | undefined;

  async function load(now: number): Promise<void> {
    if (!opts.file) return;
    const result = await loadEventHistory(opts.file, now);
    if (result.problem) opts.logger.error({ file: opts.file }, `forecast: ${result.problem}`);
    history = result.records;
  }

  /** Records events that ended and have samples, once each (t on the model clock). */
  async function recordEnded(events: readonly CalendarEvent[], t: number): Promise<void> {
    loaded ??= load(t);
    await loaded;
    const known = new Set(history.map((r) => r.id));
    const fresh: EventRecord[] = [];
    for (const e of events) {
      if (e.end > t || known.has(e.id)) continue;
      const series = opts.titles.get(e.title);
      // A minute apart reaches back further; full resolution catches a peak between minutes.
      const points = series?.minutePoints() ?? [];
      const inEvent = [
        ...pointsBetween(points, e.start, e.end),
        ...pointsBetween(series?.points() ?? [], e.start, e.end),
      ];
      if (inEvent.length === 0) continue;
      fresh.push({
        id: e.id,
        title: e.title,
        kind: e.kind,
        t0: e.start,
        end: e.end,
        baseline: eventBaseline(points, e.start, e.start) ?? 0,
        observedPeak: Math.max(...inEvent.map((p) => p.v)),
        expectedPeak: e.expectedPeak,
        curve: downsample(pointsBetween(points, e.start - 3_600_000, e.end)),
      });
    }
    if (!fresh.length) return;
    history = [...history, ...fresh];
    if (!opts.file) return;
    await saveEventHistory(opts.file, history).catch((err) =>
      opts.logger.error(
        { err, file: opts.file },
        'forecast: event history not saved (kept in memory, retried next refresh)'
      )
    );
  }

  return {
    recordEnded,
    past: (): PastEvent[] => history.filter((r) => r.baseline > 0).map(toPastEvent),
    observed: () => history.slice(-OBSERVED_SHOWN).map((r) => ({ event: r.id, value: r.observedPeak })),
  };
}
