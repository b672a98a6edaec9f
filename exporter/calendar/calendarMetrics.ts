import { Gauge, type Registry } from 'prom-client';
import type { CalendarEvent } from '../../core/calendar/event';
import type { ResolvedResource } from '../../core/capacity/capacityAt';
import { parseResourceId } from '../../core/capacity/capacity';
import { cutLabel } from '../state/labelValue';
import type { SourceStatus } from './sourceStatus';

/** What the collectors read at scrape time; nothing pushes into these gauges. */
export interface CalendarView {
  events(): CalendarEvent[];
  capacityNow(): ResolvedResource[];
  statuses(): SourceStatus[];
  /** Events in the window not exported because of calendar.limits.maxEvents. */
  overLimit(): number;
}

/** The calendar and capacity metrics of docs/metrics.md, read from the service at scrape time. */
export function registerCalendarMetrics(registry: Registry, view: CalendarView): void {
  const registers = [registry];
  const perEvent = (name: string, help: string, value: (e: CalendarEvent) => number | undefined): void => {
    new Gauge({
      name,
      help,
      labelNames: ['event'],
      registers,
      collect() {
        this.reset();
        for (const e of view.events()) {
          const v = value(e);
          if (v !== undefined) this.set({ event: cutLabel(e.id) }, v);
        }
      },
    });
  };

  new Gauge({
    name: 'launchday_event_info',
    help: 'Calendar event in the window: always 1, with its title and kind.',
    labelNames: ['event', 'title', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const e of view.events()) this.set({ event: cutLabel(e.id), title: cutLabel(e.title), kind: e.kind }, 1);
    },
  });
  perEvent(
    'launchday_event_start_timestamp_seconds',
    'Start of the calendar event, in seconds since the epoch.',
    (e) => e.start / 1000
  );
  perEvent(
    'launchday_event_end_timestamp_seconds',
    'End of the calendar event, in seconds since the epoch.',
    (e) => e.end / 1000
  );
  perEvent(
    'launchday_event_expected_peak_viewers',
    "The planner's expected peak of concurrent viewers for the event.",
    (e) => e.expectedPeak
  );

  const capacityGauge = (name: string, help: string, id: string): void => {
    const limit = (): number | undefined => view.capacityNow().find((c) => c.id === id)?.limit;
    const gauge = new Gauge({
      name,
      help,
      registers,
      collect() {
        this.reset();
        const value = limit();
        if (value !== undefined) this.set(value);
      },
    });
    // A label-less prom-client gauge always shows a sample (0 after reset). An undeclared capacity is
    // unknown, not zero: a 0 would read as "no headroom" to every alert, so the sample is dropped.
    const withDefault = gauge.get.bind(gauge);
    gauge.get = async () => {
      const metric = await withDefault();
      return limit() === undefined ? { ...metric, values: [] } : metric;
    };
  };
  capacityGauge(
    'launchday_capacity_viewers',
    'Concurrent viewers the platform holds now (scheduled steps applied).',
    'viewers'
  );
  capacityGauge(
    'launchday_capacity_logins_per_second',
    'Logins per second the platform holds now (scheduled steps applied).',
    'logins'
  );
  new Gauge({
    name: 'launchday_capacity_segment_requests_per_second',
    help: 'Segment requests per second the platform holds now; cdn="all" for the platform, else one CDN.',
    labelNames: ['cdn'],
    registers,
    collect() {
      this.reset();
      for (const r of view.capacityNow()) {
        const ref = parseResourceId(r.id);
        if (ref?.kind === 'segments') this.set({ cdn: cutLabel(ref.cdn ?? 'all') }, r.limit);
      }
    },
  });

  new Gauge({
    name: 'launchday_calendar_last_reload_success',
    help: 'Whether the last load of the calendar or capacity source succeeded (1) or failed and the last good version is kept (0).',
    labelNames: ['source'],
    registers,
    collect() {
      this.reset();
      for (const s of view.statuses()) this.set({ source: s.name }, s.ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'launchday_calendar_events_skipped',
    help: 'Events of the source left out of its last good load for a problem of their own (logged with their line).',
    labelNames: ['source'],
    registers,
    collect() {
      this.reset();
      for (const s of view.statuses()) this.set({ source: s.name }, s.skippedCount);
    },
  });
  new Gauge({
    name: 'launchday_calendar_events_over_limit',
    help: 'Events in the window not exported because there are more than calendar.limits.maxEvents (the farthest from now go).',
    registers,
    collect() {
      this.set(view.overLimit());
    },
  });
  new Gauge({
    name: 'launchday_calendar_last_reload_timestamp_seconds',
    help: 'When the calendar or capacity source last loaded successfully, in seconds since the epoch.',
    labelNames: ['source'],
    registers,
    collect() {
      this.reset();
      for (const s of view.statuses())
        if (s.lastSuccess !== undefined) this.set({ source: s.name }, s.lastSuccess / 1000);
    },
  });
}
