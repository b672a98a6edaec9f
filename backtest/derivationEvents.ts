import { join } from 'node:path';
import { readEventsFile, type BacktestEvent } from './eventsFile';

export const PROJECT_EVENTS_NAME = 'backtest/events/launch-spikes.csv';
/**
 * The project's own events list over ../shared/data/launch-spikes: the surges its events.csv lists plus
 * the others found in the data (README's named surges, further game updates, the YouTube live streams).
 * How each row was chosen is in backtest/events/README.md.
 */
export const PROJECT_EVENTS = join(__dirname, 'events', 'launch-spikes.csv');

/** The events templates and bands are derived from: the project's list (paths relative to the data folder). */
export function derivationEvents(): BacktestEvent[] {
  return readEventsFile(PROJECT_EVENTS);
}
