import type { CalendarEvent, EventKind } from '../../core/calendar/event';
import type { HistorySnapshot, RecentSeries } from '../../core/history/snapshot';

const KINDS: EventKind[] = ['premiere', 'episode', 'live', 'rebroadcast'];
const STATUSES = ['green', 'amber', 'red'] as const;
const BANDS = ['p10', 'p50', 'p90'] as const;

const STEP = 10_000;

/** What the forecaster publishes for one upcoming event, as the exporter's snapshot carries it (one sample, at now). */
function published(e: CalendarEvent, i: number, now: number): RecentSeries[] {
  const one = (name: string, labels: Record<string, string>, v: number): RecentSeries => ({
    name,
    labels: { event: e.id, ...labels },
    times: [now],
    values: [v],
  });
  const status = STATUSES[i % STATUSES.length]!;
  const peak = 300_000 + i * 20_000;
  const minutes = Math.round((e.end - e.start) / 60_000);
  const out: RecentSeries[] = [
    ...STATUSES.map((s) => one('launchday_event_status', { status: s }, s === status ? 1 : 0)),
    one('launchday_event_binding_info', { resource: i % 2 ? 'segments:cdn-a' : 'viewers' }, 1),
    one('launchday_forecast_peak_viewers', { band: 'p10' }, peak * 0.8),
    one('launchday_forecast_peak_viewers', { band: 'p50' }, peak),
    one('launchday_forecast_peak_viewers', { band: 'p90' }, peak * 1.3),
    one('launchday_forecast_headroom_ratio', { resource: 'viewers' }, 1 - peak / 600_000),
    one('launchday_forecast_headroom_ratio', { resource: 'segments:cdn-a' }, 0.1),
    one('launchday_forecast_saturation_timestamp_seconds', { resource: 'segments:cdn-a', band: 'p90' }, e.start / 1000),
  ];
  for (let m = 0; m <= minutes; m++) {
    const v = peak * (0.6 + (0.4 * m) / Math.max(1, minutes));
    BANDS.forEach((band, b) =>
      out.push(one('launchday_forecast_path_viewers', { band, minute: String(m) }, v * [0.8, 1, 1.3][b]!))
    );
  }
  return out;
}

/**
 * A deterministic launch night: `titles` series of `points` samples each, `events` calendar events, and the
 * published forecast of every event still to end (so the status tiles and the path are drawn too).
 */
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
  const forecasts = calendar.filter((e) => e.end > now).flatMap((e, i) => published(e, i, now));
  return { now, series: [...series, capacity, ...forecasts], events: calendar };
}
