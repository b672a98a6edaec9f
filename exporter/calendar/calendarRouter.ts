import { Router } from 'express';
import type { CalendarEvent } from '../../core/calendar/event';
import type { InstantRange } from '../../core/calendar/eventWindow';
import { formatWallTime } from '../../core/calendar/wallTime';
import type { Capacity } from '../../core/capacity/capacity';
import { resourceAt } from '../../core/capacity/capacityAt';
import type { SourceStatus } from './sourceStatus';

export interface CalendarApiView {
  now(): number;
  range(): InstantRange;
  events(): CalendarEvent[];
  capacity(): Capacity;
  statuses(): SourceStatus[];
}

const iso = (instant: number): string => new Date(instant).toISOString();

/** Source health without file paths or URLs: name, type, timestamps and located messages. */
function publicStatus(s: SourceStatus) {
  return {
    name: s.name,
    type: s.type,
    ok: s.ok,
    lastAttempt: s.lastAttempt !== undefined ? iso(s.lastAttempt) : null,
    lastSuccess: s.lastSuccess !== undefined ? iso(s.lastSuccess) : null,
    events: s.events,
    errors: s.errors.map((e) => ({ line: e.line ?? null, field: e.field ?? null, message: e.message })),
  };
}

/** `GET /api/v1/calendar` and `GET /api/v1/capacity`, for the panels' preview page and other tools. */
export function createCalendarRouter(view: CalendarApiView): Router {
  const router = Router();
  router.get('/api/v1/calendar', (_req, res) => {
    const range = view.range();
    res.json({
      now: iso(view.now()),
      window: { from: iso(range.from), to: iso(range.to) },
      events: view.events().map((e) => ({
        id: e.id,
        title: e.title,
        kind: e.kind,
        start: iso(e.start),
        end: iso(e.end),
        timeZone: e.timeZone,
        startLocal: formatWallTime(e.start, e.timeZone),
        endLocal: formatWallTime(e.end, e.timeZone),
        expectedPeak: e.expectedPeak ?? null,
        region: e.region ?? null,
        notes: e.notes ?? null,
      })),
      sources: view
        .statuses()
        .filter((s) => s.type !== 'capacity')
        .map(publicStatus),
    });
  });
  router.get('/api/v1/capacity', (_req, res) => {
    const now = view.now();
    res.json({
      now: iso(now),
      resources: view.capacity().resources.map((r) => {
        const at = resourceAt(r, now);
        return {
          id: r.id,
          unit: r.unit,
          limit: at.limit,
          since: at.since !== undefined ? iso(at.since) : null,
          next: at.next ? { from: iso(at.next.from), limit: at.next.limit } : null,
          baseLimit: r.limit,
          steps: r.steps.map((s) => ({ from: iso(s.from), limit: s.limit })),
          notes: r.notes ?? null,
        };
      }),
      sources: view
        .statuses()
        .filter((s) => s.type === 'capacity')
        .map(publicStatus),
    });
  });
  return router;
}
