import type { CalendarEvent } from '../../core/calendar/event';
import { formatWallTime } from '../../core/calendar/wallTime';
import type { Capacity } from '../../core/capacity/capacity';

const utc = (instant: number): string => new Date(instant).toISOString().slice(0, 16).replace('T', ' ') + 'Z';

function render(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** The events the CLI understood: local time in the event's zone next to UTC. */
export function eventTable(events: readonly CalendarEvent[]): string {
  return render(
    ['start (local)', 'zone', 'start (UTC)', 'end (UTC)', 'kind', 'title', 'peak', 'region', 'id'],
    events.map((e) => [
      formatWallTime(e.start, e.timeZone),
      e.timeZone,
      utc(e.start),
      utc(e.end),
      e.kind,
      e.title,
      e.expectedPeak !== undefined ? e.expectedPeak.toLocaleString('en-US') : '',
      e.region ?? '',
      e.id,
    ])
  );
}

export function capacityTable(capacity: Capacity): string {
  return render(
    ['resource', 'unit', 'limit', 'steps'],
    capacity.resources.map((r) => [
      r.id,
      r.unit,
      r.limit.toLocaleString('en-US'),
      r.steps.map((s) => `${utc(s.from)} -> ${s.limit.toLocaleString('en-US')}`).join(', '),
    ])
  );
}
