import type { CalendarEvent, EventKind } from '../../core/calendar/event';
import type { HistorySnapshot } from '../../core/history/snapshot';

const KINDS: EventKind[] = ['premiere', 'episode', 'live', 'rebroadcast'];

const STEP = 10_000;

/** A deterministic launch night: `titles` series of `points` samples each, and `events` calendar events. */
export function benchSnapshot(titles: number, points: number, events: number): HistorySnapshot {
  const now = Date.UTC(2026, 10, 22, 20, 0, 0);
  const times = Array.from({ length: points }, (_, i) => now - (points - 1 - i) * STEP);
  const series = Array.from({ length: titles }, (_, k) => ({
    name: 'launchday_concurrent_viewers',
    labels: { title: `Title ${String(k + 1).padStart(2, '0')}` },
    times,
    values: times.map((_, i) => Math.round((2000 + 40_000 / (k + 1)) * (1 + 0.3 * Math.sin((i + k * 37) / 180)))),
  }));
  const calendar: CalendarEvent[] = Array.from({ length: events }, (_, i) => ({
    id: `bench-${i}`,
    title: `Event ${i + 1}`,
    kind: KINDS[i % KINDS.length]!,
    start: now - 6 * 3600_000 + i * 30 * 60_000,
    end: now - 6 * 3600_000 + i * 30 * 60_000 + 20 * 60_000,
    timeZone: 'UTC',
  }));
  const capacity = { name: 'capacity_viewers', labels: {}, times: [times[0]!, now], values: [600_000, 600_000] };
  return { now, series: [...series, capacity], events: calendar };
}
