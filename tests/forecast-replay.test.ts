// Two launch nights replayed at high speed, as HTTP, through the real exporter (child process), its
// forecast on the replay's clock. While each runs, /api/v1/history (what the preview's panel reads) and
// /metrics are read again and again; every reading must keep point 4 of issue 11: P10 ≤ P50 ≤ P90, a
// peak never below the peak observed in the event, a path and saturation instants inside the event's
// window, a path without steps; and `launchday_event_status` must be red at the first refresh that
// reads a breached SLO.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { EVENT_WINDOW_MIN } from '../core/forecast/eventWindow';
import { MAX_LOG_RATE_PER_MIN, MAX_WIDTH_RATE_PER_MIN } from '../core/forecast/eventForecastPath';
import type { HistorySnapshot } from '../core/history/snapshot';
import { runSimulation } from '../simulator/run/runSimulation';
import { loadScenario } from '../simulator/scenario/loadScenario';
import { scenarioExporterConfig } from '../simulator/scenario/scenarioExporterConfig';
import { createEventPoster } from '../simulator/transport/eventPoster';
import { makeTempDir, spawnComponent } from './support/componentProcess';
import { freePort } from './support/freePort';
import { waitForHttp } from './support/waitForHttp';
import { scenarioOnWall } from './support/scenarioOnWall';

const MIN = 60_000;
/**
 * Ten simulated minutes per real second: a 6-hour night in about 36 s. At x1200, beside other suites on
 * two cores, tyson-paul-live's failure window could pass between two readings (no breach was read).
 */
const SPEED = 600;
const TICK_SECONDS = 0.1;
const HEARTBEAT_SECONDS = 1;
const MAX_SESSIONS = 1500;
const REFRESH_SECONDS = 0.2;
const JUMP = MAX_LOG_RATE_PER_MIN + MAX_WIDTH_RATE_PER_MIN;
const root = join(__dirname, '..');
const BANDS = ['p10', 'p50', 'p90'] as const;

type Band = (typeof BANDS)[number];
type Quantiles = Record<Band, number>;
/** One event's published forecast, read back from either endpoint. */
interface Published {
  status?: string;
  peak: Partial<Quantiles>;
  path: Map<number, Partial<Quantiles>>;
  saturation: { resource: string; band: string; at: number }[];
}

const published = (): Published => ({ peak: {}, path: new Map(), saturation: [] });

function read(samples: Iterable<{ name: string; labels: Record<string, string>; value: number }>) {
  const byEvent = new Map<string, Published>();
  const info = new Map<string, { kind?: string; start?: number; end?: number }>();
  for (const { name, labels, value } of samples) {
    const event = labels.event;
    if (!event) continue;
    if (name.startsWith('launchday_event_') && !name.includes('status') && !name.includes('binding')) {
      const i = info.get(event) ?? {};
      if (name === 'launchday_event_info') i.kind = labels.kind;
      if (name === 'launchday_event_start_timestamp_seconds') i.start = value * 1000;
      if (name === 'launchday_event_end_timestamp_seconds') i.end = value * 1000;
      info.set(event, i);
      continue;
    }
    let f = byEvent.get(event);
    if (!f) byEvent.set(event, (f = published()));
    const band = labels.band as Band;
    if (name === 'launchday_event_status' && value === 1) f.status = labels.status;
    if (name === 'launchday_forecast_peak_viewers') f.peak[band] = value;
    if (name === 'launchday_forecast_path_viewers') {
      const minute = Number(labels.minute);
      f.path.set(minute, { ...f.path.get(minute), [band]: value });
    }
    if (name === 'launchday_forecast_saturation_timestamp_seconds')
      f.saturation.push({ resource: labels.resource!, band, at: value * 1000 });
  }
  return { byEvent, info };
}

function* metricsSamples(text: string) {
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of m[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    yield { name: m[1]!, labels, value: Number(m[3]) };
  }
}

function* snapshotSamples(s: HistorySnapshot) {
  for (const series of s.series)
    if (series.values.length === 1) yield { name: series.name, labels: series.labels, value: series.values[0]! };
}

const ordered = (q: Partial<Quantiles>, what: string) => {
  assert.ok(q.p10 !== undefined && q.p50 !== undefined && q.p90 !== undefined, `${what}: all three bands`);
  assert.ok(q.p10 >= 0 && q.p10 <= q.p50 && q.p50 <= q.p90, `${what}: P10 ≤ P50 ≤ P90 (${JSON.stringify(q)})`);
};

/** The path's minutes are one grid, without gaps, and no band jumps faster than the stated rate. */
function continuous(f: Published, what: string): number[] {
  const minutes = [...f.path.keys()].sort((a, b) => a - b);
  for (let i = 1; i < minutes.length; i++) {
    const step = minutes[i]! - minutes[i - 1]!;
    assert.equal(step, minutes[1]! - minutes[0]!, `${what}: one grid step`);
    const a = f.path.get(minutes[i - 1]!)!;
    const b = f.path.get(minutes[i]!)!;
    for (const band of BANDS) {
      const jump = Math.abs(Math.log1p(b[band]!) - Math.log1p(a[band]!));
      assert.ok(jump <= JUMP * step + 1e-9, `${what}: ${band} steps by ${jump} in ${step} min at minute ${minutes[i]}`);
    }
  }
  return minutes;
}

interface Tally {
  readings: number;
  withPath: number;
  breaches: number;
  redOnBreach: number;
}

/** The preview's snapshot: every property, on the replay's clock; and red at a refresh that read a breached SLO. */
function checkSnapshot(s: HistorySnapshot, objectives: { login: number; segments: number }, tally: Tally) {
  const forecastAt = s.forecastAt;
  if (forecastAt === undefined) return;
  tally.readings++;
  const { byEvent } = read(snapshotSamples(s));
  const platformSeries = (name: string) => s.series.find((x) => x.name === name && Object.keys(x.labels).length === 0);
  // Every sample pushes the capacity; a ratio is pushed only when its window had traffic. A ratio point
  // older than the sample the refresh read is not what the status saw: it saw no live SLO (no data).
  const sampled = platformSeries('capacity_viewers')?.times ?? [];
  const sampleAt = (strict: boolean) => sampled.filter((t) => (strict ? t < forecastAt : t <= forecastAt)).at(-1);
  const ratioAt = (name: string) => {
    const r = platformSeries(name);
    const at = (strict: boolean) => {
      const when = sampleAt(strict);
      const i = when === undefined ? -1 : (r?.times.lastIndexOf(when) ?? -1);
      return i >= 0 ? r!.values[i] : undefined;
    };
    return [at(false), at(true)] as const;
  };
  const login = ratioAt('login_success_ratio');
  const segments = ratioAt('segment_error_ratio');
  const breached = (pair: readonly [number | undefined, number | undefined], bad: (v: number) => boolean) =>
    pair.map((v) => v !== undefined && bad(v));
  const loginBreach = breached(login, (v) => v < objectives.login);
  const segmentBreach = breached(segments, (v) => v > objectives.segments);
  // The sample the refresh read is the last one at or before it (both candidates agree but at a tie).
  const breach =
    loginBreach[0] === loginBreach[1] && segmentBreach[0] === segmentBreach[1]
      ? loginBreach[0] || segmentBreach[0]
      : undefined;
  for (const e of s.events) {
    const f = byEvent.get(e.id);
    if (!f) continue;
    const what: string = `history ${e.id} at ${new Date(forecastAt).toISOString()}`;
    const windowEnd = Math.min(e.end, e.start + EVENT_WINDOW_MIN[e.kind] * MIN);
    if (f.peak.p50 !== undefined) {
      ordered(f.peak, `${what} peak`);
      const title = s.series.find((x) => x.name === 'launchday_concurrent_viewers' && x.labels.title === e.title);
      let seen = 0;
      title?.times.forEach((t, i) => {
        if (t >= e.start && t <= forecastAt) seen = Math.max(seen, title.values[i]!);
      });
      for (const band of BANDS)
        assert.ok(f.peak[band]! >= seen, `${what}: ${band} peak ${f.peak[band]} < observed ${seen}`);
    }
    const minutes = continuous(f, what);
    if (minutes.length) tally.withPath++;
    for (const m of minutes) {
      ordered(f.path.get(m)!, `${what} minute ${m}`);
      const t = e.start + m * MIN;
      assert.ok(t >= e.start - 60 * MIN && t <= windowEnd, `${what}: minute ${m} outside the window`);
      assert.ok(t >= forecastAt - 1, `${what}: minute ${m} is before the refresh`);
    }
    for (const x of f.saturation) {
      assert.ok(
        x.at <= windowEnd && x.at >= forecastAt,
        `${what}: ${x.resource} ${x.band} saturates outside the window`
      );
      const first = e.start + minutes[0]! * MIN;
      const last = e.start + minutes[minutes.length - 1]! * MIN;
      assert.ok(x.at >= first && x.at <= last, `${what}: ${x.resource} ${x.band} saturates off the path`);
    }
    const live = forecastAt >= e.start - 30 * MIN && forecastAt < e.end;
    if (live && breach) {
      tally.breaches++;
      assert.equal(
        f.status,
        'red',
        `${what}: a breached SLO (login ${login[0]}, segments ${segments[0]}) is red at once`
      );
      tally.redOnBreach++;
    }
  }
}

/** /metrics: the same properties in its own units (wall-clock instants, the replay's minutes). */
function checkMetrics(text: string, before: HistorySnapshot) {
  const { byEvent, info } = read(metricsSamples(text));
  for (const [id, f] of byEvent) {
    const e = info.get(id);
    const what = `/metrics ${id}`;
    if (f.peak.p50 !== undefined) {
      ordered(f.peak, `${what} peak`);
      // Not below what the preview's snapshot (read just before) had seen of the event by its refresh.
      const ev = before.events.find((x) => x.id === id);
      const title =
        ev && before.series.find((x) => x.name === 'launchday_concurrent_viewers' && x.labels.title === ev.title);
      let seen = 0;
      title?.times.forEach((t, i) => {
        if (t >= ev!.start && t <= (before.forecastAt ?? -Infinity)) seen = Math.max(seen, title.values[i]!);
      });
      for (const band of BANDS)
        assert.ok(f.peak[band]! >= seen, `${what}: ${band} peak ${f.peak[band]} < observed ${seen}`);
    }
    const minutes = continuous(f, what);
    for (const m of minutes) ordered(f.path.get(m)!, `${what} minute ${m}`);
    if (!e?.kind || e.start === undefined || e.end === undefined) continue;
    const limit = Math.min(
      EVENT_WINDOW_MIN[e.kind as keyof typeof EVENT_WINDOW_MIN],
      ((e.end - e.start) * SPEED) / MIN
    );
    for (const m of minutes) assert.ok(m >= -60 && m <= limit + 1e-6, `${what}: minute ${m} outside the window`);
    for (const x of f.saturation) {
      const end = e.start + (limit * MIN) / SPEED;
      assert.ok(x.at <= end + 5, `${what}: ${x.resource} ${x.band} saturates after the window's end`);
      assert.ok(x.at >= e.start - (60 * MIN) / SPEED - 5, `${what}: ${x.resource} ${x.band} saturates before it`);
    }
  }
}

for (const name of ['got-s7e7-finale-ocs', 'tyson-paul-live']) {
  test(
    `${name}: every reading of /api/v1/history and /metrics keeps the forecast sane; an SLO breach is red at once`,
    { timeout: 240_000 },
    async (t) => {
      const scenario = loadScenario(name);
      const dir = makeTempDir('forecast-replay');
      const calendarFile = join(dir, 'calendar.yaml');
      const port = await freePort();
      // Start a few seconds from now: the exporter is up and has read the calendar before traffic flows.
      const { clock, calendar } = scenarioOnWall(scenario, {
        speed: SPEED,
        wall: Date.now(),
        leadMs: 4000,
        maxSessions: MAX_SESSIONS,
        heartbeatIntervalSeconds: HEARTBEAT_SECONDS,
      });
      writeFileSync(calendarFile, stringify(calendar));
      const objectives = { login: scenario.slo.loginSuccessRatio, segments: scenario.slo.segmentErrorRatio };
      const configFile = join(dir, 'exporter.yaml');
      writeFileSync(
        configFile,
        stringify({
          ...scenarioExporterConfig(scenario, {
            listen: `127.0.0.1:${port}`,
            heartbeatIntervalSeconds: HEARTBEAT_SECONDS,
            calendarFile,
          }),
          sessionTtlSeconds: 3 * HEARTBEAT_SECONDS,
          forecast: {
            refreshSeconds: REFRESH_SECONDS,
            sampleSeconds: TICK_SECONDS,
            timeScale: SPEED,
            slo: { loginSuccess: objectives.login, segmentErrors: objectives.segments },
          },
        })
      );
      const exporter = spawnComponent(
        process.execPath,
        [join(root, 'bin', 'launchday.cjs'), 'serve', '--config', configFile],
        dir,
        root
      );
      t.after(() => exporter.stop());
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/readyz`, 30_000, exporter.alive);

      const tally: Tally = { readings: 0, withPath: 0, breaches: 0, redOnBreach: 0 };
      let running = true;
      const reader = (async () => {
        while (running) {
          const snapshot = (await (await fetch(`${url}/api/v1/history`)).json()) as HistorySnapshot;
          checkSnapshot(snapshot, objectives, tally);
          checkMetrics(await (await fetch(`${url}/metrics`)).text(), snapshot);
          await sleep(100);
        }
      })();
      const poster = createEventPoster({ target: url });
      try {
        const summary = await runSimulation({
          scenario,
          seed: 1,
          clock,
          tickSeconds: TICK_SECONDS,
          heartbeatIntervalSeconds: HEARTBEAT_SECONDS,
          maxSessions: MAX_SESSIONS,
          send: (lines) => poster.send(lines),
        });
        assert.ok(summary.events > 1000, `sent ${summary.events} events`);
      } finally {
        running = false;
        await reader;
      }
      t.diagnostic(
        `${tally.readings} readings of each endpoint, ${tally.withPath} event paths checked, ` +
          `${tally.breaches} readings with a breached SLO for a live event, all red`
      );
      assert.ok(tally.readings > 30, 'the endpoints were read throughout the replay');
      assert.ok(tally.withPath > 0, 'paths were published and checked');
      assert.ok(tally.breaches > 0, 'the replay breached an SLO while an event was live (its failure windows)');
    }
  );
}
