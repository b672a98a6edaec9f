import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../exporter/config/schema';
import { calendarFileSchema } from '../exporter/calendar/fileSchema';
import { loadScenario, scenarioNames } from '../simulator/scenario/loadScenario';
import { scenarioCalendarFile, scenarioExporterConfig } from '../simulator/scenario/scenarioExporterConfig';
import { simulationClock } from '../simulator/run/simulationClock';

// What the simulator writes for the exporter must be what the exporter's own schemas accept.
for (const name of scenarioNames()) {
  test(`${name}: its calendar file and exporter config pass the exporter's schemas`, () => {
    const scenario = loadScenario(name);
    const clock = simulationClock(scenario, {
      speed: 60,
      now: Date.UTC(2030, 0, 1),
      start: Date.UTC(2030, 0, 1, 0, 3),
    });
    const file = scenarioCalendarFile(scenario, {
      toWall: clock.toWall,
      speed: 60,
      weight: 100,
      heartbeatIntervalSeconds: 2,
    });
    const parsed = calendarFileSchema.parse(file);
    assert.equal(
      parsed.events?.length,
      scenario.titles.reduce((n, t) => n + t.airings.length, 0)
    );
    const config = resolveConfig(
      scenarioExporterConfig(scenario, {
        listen: '127.0.0.1:9999',
        heartbeatIntervalSeconds: 2,
        calendarFile: '/tmp/x.yaml',
      })
    );
    assert.deepEqual(
      config.catalog,
      scenario.titles.map((t) => t.title)
    );
  });
}

test('the first airing lands on --start, and rate capacities follow what the exporter will measure', () => {
  const scenario = loadScenario('tyson-paul-live');
  const start = Date.UTC(2030, 0, 1, 0, 3);
  const clock = simulationClock(scenario, { speed: 60, now: start - 180_000, start });
  const file = scenarioCalendarFile(scenario, {
    toWall: clock.toWall,
    speed: 60,
    weight: 100,
    heartbeatIntervalSeconds: 2,
  }) as {
    events: { id: string; start: string }[];
    capacity: { resource: string; limit: number }[];
  };
  assert.equal(file.events.find((e) => e.id === 'paul-tyson-card')?.start, new Date(start).toISOString());
  const limit = (id: string) => file.capacity.find((c) => c.resource === id)?.limit;
  assert.equal(limit('viewers'), scenario.capacity.viewers);
  // Logins are sampled at 1/weight and compressed by the speed.
  assert.equal(limit('logins'), (scenario.capacity.loginsPerSecond * 60) / 100);
  // One segment result per session per heartbeat: 0.25 requests/viewer/s become 1/(weight x 2 s).
  assert.equal(
    limit('segments:oca-na'),
    Math.round(((scenario.capacity.segmentsPerSecond['oca-na'] ?? 0) / (0.25 * 100 * 2)) * 1000) / 1000
  );
});
