import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import pino from 'pino';
import type { CalendarEvent } from '../../core/calendar/event';
import type { TelemetrySample } from '../state/telemetrySample';
import { createForecastService } from './index';
import { loadEventHistory } from './eventHistory';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22, 20, 0);

/** A title that idles at 1000 viewers, then surges after T0 like an episode. */
function viewersAt(t: number): number {
  const m = (t - T0) / MIN;
  return m < 0 ? 1000 : 1000 + 1500 * Math.min(1, m / 60);
}

function setup(events: CalendarEvent[], historyFile?: string, viewerCapacity = 3000) {
  let clock = T0 - 3 * 60 * MIN;
  let attempts = 0;
  const registry = new Registry();
  const sample = (): TelemetrySample => {
    const v = viewersAt(clock);
    attempts += v / 100;
    return {
      viewersByTitle: new Map([
        ['Show', v],
        ['Other', 500],
      ]),
      totalViewers: v + 500,
      loginAttempts: attempts,
      loginFailures: attempts * 0.01,
      segmentRequests: attempts * 50,
      segmentFailures: 0,
    };
  };
  const service = createForecastService({
    registry,
    logger: pino({ level: 'silent' }),
    sample,
    events: () => events,
    capacity: () => ({ viewers: viewerCapacity, logins: 1000, segments: 100_000 }),
    historyFile,
    now: () => clock,
  });
  const advance = (until: number) => {
    for (; clock < until; clock += MIN) service.sampleOnce();
  };
  return { service, registry, advance, now: () => clock };
}

/** A sample of ten viewers on one title, nothing else. */
const tenOnShow = () => ({
  viewersByTitle: new Map([['Show', 10]]),
  totalViewers: 10,
  loginAttempts: 0,
  loginFailures: 0,
  segmentRequests: 0,
  segmentFailures: 0,
});

const episode: CalendarEvent = {
  id: 'ep-1',
  title: 'Show',
  kind: 'episode',
  start: T0,
  end: T0 + 90 * MIN,
  timeZone: 'UTC',
};

test('forecast gauges appear after a refresh, named as in docs/metrics.md', async () => {
  const { service, registry, advance } = setup([episode]);
  advance(T0 + 20 * MIN);
  await service.refreshOnce();
  const text = await registry.metrics();
  for (const band of ['p10', 'p50', 'p90'])
    assert.match(text, new RegExp(`launchday_forecast_peak_viewers\\{event="ep-1",band="${band}"\\} \\d`));
  for (const resource of ['viewers', 'logins', 'segments'])
    assert.match(text, new RegExp(`launchday_forecast_headroom_ratio\\{event="ep-1",resource="${resource}"\\}`));
  const p50 = Number(/launchday_forecast_peak_viewers\{event="ep-1",band="p50"\} (\S+)/.exec(text)?.[1]);
  assert.ok(p50 >= viewersAt(T0 + 20 * MIN), `peak p50 ${p50} is at least what was seen`);
  const statuses = [...text.matchAll(/launchday_event_status\{event="ep-1",status="(\w+)"\} (\d)/g)];
  assert.deepEqual(statuses.map((m) => m[1]).sort(), ['amber', 'green', 'red']);
  assert.equal(statuses.filter((m) => m[2] === '1').length, 1, 'one current status');
  assert.match(text, /launchday_event_binding_info\{event="ep-1",resource="[a-z:]+"\} 1/);
  assert.match(text, /launchday_forecast_path_viewers\{event="ep-1",band="p90",minute="30"\} \d/);
  assert.match(text, /launchday_slo_objective_ratio\{slo="login_success"\} 0.99/);
});

test('a scrape never computes: values change only on refresh', async () => {
  const { service, registry, advance } = setup([episode]);
  advance(T0 + 10 * MIN);
  await service.refreshOnce();
  const before = await registry.metrics();
  advance(T0 + 40 * MIN);
  assert.equal(await registry.metrics(), before);
  await service.refreshOnce();
  assert.notEqual(await registry.metrics(), before);
});

test("the saturation instant is exposed when the event's forecast reaches capacity within its window", async () => {
  // Platform now: 1475 on the show + 500 elsewhere, against 2100: the show's P90 needs little to cross.
  const { service, registry, advance, now } = setup([episode], undefined, 2100);
  advance(T0 + 20 * MIN);
  await service.refreshOnce();
  const text = await registry.metrics();
  const at = Number(
    /launchday_forecast_saturation_timestamp_seconds\{event="ep-1",resource="viewers",band="p90"\} (\S+)/.exec(
      text
    )?.[1]
  );
  assert.ok(at * 1000 >= now() && at * 1000 <= episode.end, `saturation at ${at}`);
});

test('an ended event is recorded once to the history file and exposed as observed', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ld-forecast-')), 'history.json');
  const { service, registry, advance } = setup([episode], file);
  advance(T0 + 100 * MIN);
  await service.refreshOnce();
  await service.refreshOnce();
  const saved = await loadEventHistory(file);
  assert.equal(saved.records.length, 1);
  assert.equal(saved.records[0]?.observedPeak, 2500);
  assert.equal(saved.records[0]?.baseline, 1000);
  assert.match(await registry.metrics(), /launchday_event_observed_peak_viewers\{event="ep-1"\} 2500/);
});

test('recent() returns the snapshot series for the preview page', () => {
  const { service, advance } = setup([episode]);
  advance(T0 - 170 * MIN);
  const snap = service.recent();
  const names = snap.series.map((s) => s.name);
  assert.ok(names.includes('launchday_concurrent_viewers'));
  assert.equal(snap.forecastAt, undefined, 'no published series before the first refresh');
  for (const n of ['login_success_ratio', 'segment_error_ratio', 'capacity_viewers']) assert.ok(names.includes(n), n);
  const show = snap.series.find((s) => s.labels.title === 'Show');
  assert.equal(show?.times.length, show?.values.length);
  assert.deepEqual(snap.events, [episode]);
});

test('recent() carries the published series with the labels of /metrics, at the refresh instant', async () => {
  const { service, registry, advance } = setup([episode]);
  advance(T0 + 20 * MIN);
  await service.refreshOnce();
  const snap = service.recent();
  const text = await registry.metrics();
  const published = snap.series.filter(
    (s) => s.name.startsWith('launchday_forecast_') || s.name.startsWith('launchday_event_')
  );
  assert.ok(published.length > 20);
  for (const s of published) {
    assert.deepEqual(s.times, [snap.forecastAt]);
    const labels = Object.entries(s.labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    const onMetrics = new RegExp(`^${s.name}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1];
    assert.ok(onMetrics !== undefined, `${s.name}{${labels}} is on /metrics too`);
    // Same number on both (instants: the same seconds, as the clock here is the wall's).
    assert.ok(Math.abs(Number(onMetrics) - s.values[0]!) <= 1e-9 * Math.abs(s.values[0]!), `${s.name}{${labels}}`);
  }
});

test('with publish: false the exporter samples for its preview and publishes no forecast', async () => {
  const registry = new Registry();
  const service = createForecastService({
    registry,
    logger: pino({ level: 'silent' }),
    sample: tenOnShow,
    events: () => [episode],
    capacity: () => ({ viewers: 100 }),
    now: () => T0,
    publish: false,
  });
  service.sampleOnce();
  await service.refreshOnce();
  assert.doesNotMatch(await registry.metrics(), /launchday_(forecast|event_status|slo_objective)/);
  assert.ok(service.recent().series.some((s) => s.labels.title === 'Show'));
});

test('a failing sample source is logged and skipped, the service keeps going', async () => {
  const registry = new Registry();
  const service = createForecastService({
    registry,
    logger: pino({ level: 'silent' }),
    sample: () => {
      throw new Error('boom');
    },
    events: () => [episode],
    capacity: () => ({}),
  });
  service.sampleOnce();
  await service.refreshOnce();
  assert.doesNotMatch(await registry.metrics(), /launchday_forecast_peak_viewers\{/);
});

test('start and stop run the timers and leave nothing behind', async () => {
  const { service } = setup([episode]);
  service.start();
  await service.stop();
});

test('promtool accepts the forecast exposition', async (t) => {
  const probe = spawnSync('promtool', ['--version']);
  if (probe.error) return t.skip('promtool not installed');
  const { service, registry, advance } = setup([
    episode,
    { ...episode, id: 'ep-2', start: T0 + 30 * MIN, end: T0 + 120 * MIN },
  ]);
  advance(T0 + 100 * MIN);
  await service.refreshOnce();
  const text = await registry.metrics();
  const dir = mkdtempSync(join(tmpdir(), 'ld-promtool-'));
  writeFileSync(join(dir, 'metrics.prom'), text);
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text });
  assert.equal(run.status, 0, `promtool: ${run.stdout}${run.stderr}`);
  assert.equal(`${run.stdout}${run.stderr}`.trim(), '');
});

/** "Show" streams from cdn-a only, "Other" from cdn-b only, 0.25 requests per viewer per second. */
function perCdnSetup(
  capacity: () => ReturnType<Parameters<typeof createForecastService>[0]['capacity']>,
  timeScale = 1
) {
  const start = T0 - 3 * 60 * MIN;
  let clock = start;
  const requests = { a: 0, b: 0 };
  const registry = new Registry();
  const sample = (): TelemetrySample => {
    // Seconds of forecast time per wall step, so counters advance per wall second as the exporter's do.
    const show = viewersAt(start + (clock - start) * timeScale);
    requests.a += (show * 0.25 * 60) / timeScale;
    requests.b += (500 * 0.25 * 60) / timeScale;
    return {
      viewersByTitle: new Map([
        ['Show', show],
        ['Other', 500],
      ]),
      totalViewers: show + 500,
      loginAttempts: 0,
      loginFailures: 0,
      segmentRequests: requests.a + requests.b,
      segmentFailures: 0,
      segmentRequestsByTitleCdn: new Map([
        ['Show', new Map([['cdn-a', requests.a]])],
        ['Other', new Map([['cdn-b', requests.b]])],
      ]),
    };
  };
  const toWall = (t: number) => start + (t - start) / timeScale;
  const events = [{ ...episode, start: toWall(episode.start), end: toWall(episode.end) }];
  const service = createForecastService({
    registry,
    logger: pino({ level: 'silent' }),
    sample,
    events: () => events,
    capacity,
    now: () => clock,
    timeScale,
  });
  const advance = (until: number) => {
    for (; clock < toWall(until); clock += MIN / timeScale) service.sampleOnce();
  };
  return { service, registry, advance, now: () => clock };
}

const gauge = (text: string, name: string, labels: string) =>
  Number(new RegExp(`${name}\\{${labels}\\} (\\S+)`).exec(text)?.[1]);

test('per-CDN headroom: the surging title loads its own CDN, not the one beside it', async () => {
  // Show's forecast peak (1500+ viewers) needs 375+ req/s on cdn-a; Other holds 125 req/s on cdn-b.
  const { service, registry, advance } = perCdnSetup(() => ({
    segments: 2000,
    segmentsByCdn: new Map([
      ['cdn-a', 380],
      ['cdn-b', 600],
    ]),
  }));
  advance(T0 + 20 * MIN);
  await service.refreshOnce();
  const text = await registry.metrics();
  const a = gauge(text, 'launchday_forecast_headroom_ratio', 'event="ep-1",resource="segments:cdn-a"');
  const b = gauge(text, 'launchday_forecast_headroom_ratio', 'event="ep-1",resource="segments:cdn-b"');
  assert.ok(a < 0.05, `cdn-a headroom ${a} is red`);
  assert.ok(Math.abs(b - (1 - 125 / 600)) < 0.01, `cdn-b headroom ${b} is what Other alone uses`);
  const at = gauge(
    text,
    'launchday_forecast_saturation_timestamp_seconds',
    'event="ep-1",resource="segments:cdn-a",band="p90"'
  );
  assert.ok(Number.isFinite(at), 'cdn-a is forecast to saturate in the window');
  assert.doesNotMatch(text, /saturation_timestamp_seconds\{event="ep-1",resource="segments:cdn-b"/);
});

test('a replay at x60 runs the forecast on the replay clock: the same headroom, instants in wall time', async () => {
  const capacity = () => ({
    segmentsByCdn: new Map([
      ['cdn-a', 450],
      ['cdn-b', 600],
    ]),
  });
  const real = perCdnSetup(capacity);
  real.advance(T0 + 20 * MIN);
  await real.service.refreshOnce();
  const fast = perCdnSetup(capacity, 60);
  fast.advance(T0 + 20 * MIN);
  await fast.service.refreshOnce();
  const [a, b] = [await real.registry.metrics(), await fast.registry.metrics()];
  const labels = 'event="ep-1",resource="segments:cdn-a"';
  const h = gauge(a, 'launchday_forecast_headroom_ratio', labels);
  assert.ok(
    Math.abs(gauge(b, 'launchday_forecast_headroom_ratio', labels) - h) < 0.02,
    `x60 headroom ${gauge(b, 'launchday_forecast_headroom_ratio', labels)} vs ${h}`
  );
  const sat = 'event="ep-1",resource="segments:cdn-a",band="p90"';
  const at = gauge(b, 'launchday_forecast_saturation_timestamp_seconds', sat) * 1000;
  const atReal = gauge(a, 'launchday_forecast_saturation_timestamp_seconds', sat) * 1000;
  assert.ok(
    Math.abs((at - fast.now()) * 60 - (atReal - real.now())) <= 2 * MIN,
    `the saturation ${at - fast.now()} ms ahead in wall time is ${Math.round((atReal - real.now()) / MIN)} replay minutes / 60`
  );
});

test('before T0 a new title idling at 0 is forecast from its plan', async () => {
  let clock = T0 - 90 * MIN;
  const registry = new Registry();
  const premiere: CalendarEvent = {
    id: 'new',
    title: 'New',
    kind: 'premiere',
    start: T0,
    end: T0 + 120 * MIN,
    timeZone: 'UTC',
    expectedPeak: 40_000,
  };
  const service = createForecastService({
    registry,
    logger: pino({ level: 'silent' }),
    sample: () => ({
      viewersByTitle: new Map([['New', 0]]),
      totalViewers: 0,
      loginAttempts: 0,
      loginFailures: 0,
      segmentRequests: 0,
      segmentFailures: 0,
    }),
    events: () => [premiere],
    capacity: () => ({ viewers: 30_000 }),
    now: () => clock,
  });
  for (; clock < T0 - 30 * MIN; clock += MIN) service.sampleOnce();
  await service.refreshOnce();
  const text = await registry.metrics();
  assert.equal(gauge(text, 'launchday_forecast_peak_viewers', 'event="new",band="p50"'), 40_000);
  assert.ok(
    gauge(text, 'launchday_forecast_headroom_ratio', 'event="new",resource="viewers"') < 0,
    'the plan is over capacity'
  );
  assert.equal(gauge(text, 'launchday_event_status', 'event="new",status="red"'), 1, 'crossing at T0, 30 min away');
});

test('a replay snapshot stays on the replay clock: now, samples and events stretched alike, with its scale', () => {
  const wall0 = T0;
  let wall = wall0;
  const event: CalendarEvent = {
    id: 'e',
    title: 'Show',
    kind: 'live',
    start: wall0 + MIN,
    end: wall0 + 2 * MIN,
    timeZone: 'UTC',
  };
  const service = createForecastService({
    registry: new Registry(),
    logger: pino({ level: 'silent' }),
    sample: tenOnShow,
    events: () => [event],
    capacity: () => ({ viewers: 100 }),
    now: () => wall,
    timeScale: 60,
  });
  service.sampleOnce();
  wall += MIN; // one wall minute is an hour of the replay
  service.sampleOnce();
  const snap = service.recent();
  assert.equal(snap.timeScale, 60);
  const times = snap.series.find((s) => s.name === 'launchday_concurrent_viewers')!.times;
  assert.equal(times.at(-1)! - times[0]!, 60 * MIN);
  assert.equal(snap.now, times.at(-1));
  assert.equal(snap.events[0]!.end - snap.events[0]!.start, 60 * MIN);
});

test('a Prometheus source that does not answer keeps the last forecast, logged, and the service goes on', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  const registry = new Registry();
  const service = createForecastService({
    registry,
    logger,
    sample: tenOnShow,
    events: () => [episode],
    capacity: () => ({ viewers: 100 }),
    now: () => T0,
    // Port 9 (discard) on loopback: nothing listens there.
    source: { kind: 'prometheus', url: 'http://127.0.0.1:9/', rateWindowSeconds: 60, timeoutMs: 1000 },
  });
  await service.refreshOnce();
  assert.equal(service.snapshot().computedAt, 0, 'nothing published from a source that did not answer');
  assert.ok(
    lines.some((l) => l.includes('platform totals unavailable')),
    lines.join('\n')
  );
});

test('the refresh timestamp is wall-clock seconds (what LaunchdayForecastStale compares with time()), at any time scale', async () => {
  for (const timeScale of [1, 600]) {
    const origin = Date.UTC(2026, 11, 1, 12);
    let wall = origin;
    const registry = new Registry();
    const service = createForecastService({
      registry,
      logger: pino({ level: 'silent' }),
      sample: tenOnShow,
      events: () => [{ ...episode, start: origin + 10 * MIN, end: origin + 20 * MIN }],
      capacity: () => ({ viewers: 100 }),
      now: () => wall,
      timeScale,
    });
    service.sampleOnce();
    // An hour of wall time later (25 days of the replay's clock at x600), then a refresh.
    wall += 3_600_000 + 123;
    service.sampleOnce();
    await service.refreshOnce();
    const text = await registry.metrics();
    const stamp = Number(/^launchday_forecast_refresh_timestamp_seconds (\S+)$/m.exec(text)?.[1]);
    assert.ok(Math.abs(stamp - wall / 1000) < 0.001, `x${timeScale}: ${stamp} is the wall clock ${wall / 1000}`);
    // The snapshot itself stays on the model clock.
    assert.equal(service.snapshot().computedAt, origin + (wall - origin) * timeScale);
  }
});

test('a sample taken while a refresh saves the event history is not newer than the instant it publishes', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ld-forecast-')), 'history.json');
  let clock = T0 - 3 * 60 * MIN;
  let attempts = 0;
  let failures = 0;
  let failing = false;
  const sample = (): TelemetrySample => {
    attempts += 100;
    if (failing) failures += 100;
    return {
      viewersByTitle: new Map([['Show', viewersAt(clock)]]),
      totalViewers: viewersAt(clock),
      loginAttempts: attempts,
      loginFailures: failures,
      segmentRequests: attempts * 50,
      segmentFailures: 0,
    };
  };
  // An earlier airing that ends between the two refreshes: the second one records and saves it.
  const earlier: CalendarEvent = { ...episode, id: 'ep-0', start: T0 - 30 * MIN, end: T0 + 15 * MIN };
  const service = createForecastService({
    registry: new Registry(),
    logger: pino({ level: 'silent' }),
    sample,
    events: () => [earlier, episode],
    capacity: () => ({ viewers: 100_000 }),
    historyFile: file,
    now: () => clock,
  });
  const advance = (until: number) => {
    for (; clock < until; clock += MIN) service.sampleOnce();
  };
  advance(T0 + 10 * MIN);
  await service.refreshOnce();
  advance(T0 + 20 * MIN);
  const refresh = service.refreshOnce();
  // The sampler's timer fires while the refresh awaits the file: logins start failing a minute later.
  const breachAt = await new Promise<number>((resolve) =>
    setImmediate(() => {
      clock += MIN;
      failing = true;
      service.sampleOnce();
      resolve(clock);
    })
  );
  await refresh;
  assert.equal((await loadEventHistory(file)).records.length, 1, 'the second refresh saved the ended airing');
  const published = service.snapshot();
  const status = published.forecasts.find((f) => f.event === episode.id)?.status;
  // The status read the failing logins, so its instant is the breach's or later, never the minute before.
  assert.equal(status, 'red');
  assert.ok(
    published.computedAt >= breachAt,
    `published at ${(published.computedAt - T0) / MIN} min, with a sample of ${(breachAt - T0) / MIN} min`
  );
});
