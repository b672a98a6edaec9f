import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalendarEvent } from '../../core/calendar/event';
import { computeForecasts, type RefreshInput } from './refresh';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 22, 19, 0);
const premiere: CalendarEvent = {
  id: 'p',
  title: 'New Show',
  kind: 'premiere',
  start: NOW + 60 * MIN,
  end: NOW + 120 * MIN,
  timeZone: 'UTC',
  expectedPeak: 2000,
};

const input = (extra: Partial<RefreshInput>): RefreshInput => ({
  now: NOW,
  events: [premiere],
  titleSeries: () => undefined,
  total: { viewers: 100, loginsPerSecond: 0, segmentsPerSecond: 0 },
  capacity: { viewers: 1000 },
  past: [],
  observed: [],
  ...extra,
});

const viewerHeadroom = (extra: Partial<RefreshInput>) =>
  computeForecasts(input(extra)).headroom.find((h) => h.resource === 'viewers')!.ratio;

test('an event is read against the capacity planned for its start, a pre-scaling step included', () => {
  const stepAt = NOW + 30 * MIN;
  const planned = viewerHeadroom({ capacityAt: (t) => ({ viewers: t >= stepAt ? 5000 : 1000 }) });
  const now = viewerHeadroom({});
  assert.ok(now < 0, `against today's 1000 the premiere does not fit (${now})`);
  assert.ok(planned > 0.5, `against the 5000 planned from T-30 it does (${planned})`);
});
