import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mountSmallFilesystem } from '../../exporter/testing/smallFilesystem';
import { ExporterProcess } from './exporterProcess';
import { Premiere } from './premiere';

export interface ChaosSizes {
  /** Sessions in the premiere for the kill and disk scenarios. */
  sessions: number;
  /** Sessions that expire at once in the mass-expiry scenario, and its heartbeat interval (TTL: 3x). */
  massExpiry: number;
  massHeartbeatSeconds?: number;
}

export interface ChaosFigure {
  scenario: string;
  figure: string;
  ok: boolean;
}

/**
 * Short heartbeats keep runs short; the TTL outlasts a restart of the CLI (several seconds on a busy
 * machine), and there is a checkpoint every heartbeat interval.
 */
const HEARTBEAT_MS = 3000;
const TTL_MS = 12_000;
const baseConfig = (dir: string, maxSessions: number) => ({
  heartbeatIntervalSeconds: HEARTBEAT_MS / 1000,
  sessionTtlSeconds: TTL_MS / 1000,
  maxSessions,
  catalog: ['Chaos Premiere'],
  stateFile: join(dir, 'sessions.state'),
  ingest: { lagBudgetMs: 10_000 },
});
const tempDir = () => mkdtempSync(join(tmpdir(), 'launchday-chaos-'));
const error = (gauge: number, truth: number) => Math.abs(gauge - truth) / Math.max(1, truth);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

async function runningPremiere(exporter: ExporterProcess, sessions: number, spread = false): Promise<Premiere> {
  const premiere = new Premiere(exporter.url, {
    intervalMs: HEARTBEAT_MS,
    churnPerSecond: 0.02,
    title: 'Chaos Premiere',
    spread,
  });
  premiere.join(sessions);
  premiere.start();
  await sleep(2 * HEARTBEAT_MS + 500); // two checkpoints
  return premiere;
}

/** SIGKILL or SIGTERM mid-premiere, restart on the same state file: the gauge against the truth. */
export async function restartScenario(signal: 'SIGKILL' | 'SIGTERM', sizes: ChaosSizes): Promise<ChaosFigure> {
  const dir = tempDir();
  const config = baseConfig(dir, sizes.sessions * 2);
  const first = await ExporterProcess.start(dir, config);
  const premiere = await runningPremiere(first, sizes.sessions);
  await first.kill(signal);
  const second = await ExporterProcess.start(dir, config);
  premiere.url = second.url;
  try {
    const atStart = error(await second.viewers(), premiere.truth);
    await sleep(TTL_MS + HEARTBEAT_MS / 2);
    const afterTtl = error(await second.viewers(), premiere.truth);
    const limit = signal === 'SIGKILL' ? afterTtl : atStart;
    return {
      scenario: `${signal} and restart`,
      figure: `gauge off the truth by ${pct(atStart)} at restart, ${pct(afterTtl)} one TTL later (${premiere.truth} sessions)`,
      ok: limit <= 0.01,
    };
  } finally {
    await premiere.stop();
    await second.kill('SIGTERM');
  }
}

/** A state directory that is full, or turns read-only: each failed save says how many it lost. */
export async function stateDirScenario(kind: 'full' | 'read-only', sizes: ChaosSizes): Promise<ChaosFigure> {
  const fs = mountSmallFilesystem(kind === 'full' ? 16 * 1024 : 64 * 1024 * 1024);
  if (!fs) return { scenario: `${kind} state directory`, figure: 'skipped: cannot mount a tmpfs here', ok: true };
  const config = { ...baseConfig(fs.dir, sizes.sessions * 2), stateFile: join(fs.dir, 'sessions.state') };
  const exporter = await ExporterProcess.start(tempDir(), config);
  let premiere: Premiere | undefined;
  try {
    premiere = await runningPremiere(exporter, sizes.sessions);
    if (kind === 'read-only') fs.readOnly();
    await sleep(2.5 * HEARTBEAT_MS);
    const failures = await exporter.sum('launchday_state_save_failures_total');
    const unsaved = await exporter.sum('launchday_state_unsaved_sessions');
    const logged = /"lost":(\d+)/.exec(exporter.log.split('\n').reverse().join('\n'))?.[1];
    const leftovers = readdirSync(fs.dir).filter((f) => f.endsWith('.tmp'));
    const off = error(unsaved, premiere.truth);
    return {
      scenario: `${kind} state directory`,
      figure: `${failures} failed saves, ${unsaved} sessions reported unsaved (log: lost ${logged}) of ${premiere.truth}, ${leftovers.length} partial files left`,
      ok: failures > 0 && off <= 0.05 && logged !== undefined && leftovers.length === 0,
    };
  } finally {
    await premiere?.stop();
    await exporter.kill('SIGKILL');
    fs.unmount();
  }
}

const ics = (summary: string, startsInMs: number) => {
  const at = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//launchday//chaos//EN',
    'BEGIN:VEVENT',
    'UID:chaos-premiere@launchday',
    `DTSTAMP:${at(0)}`,
    `DTSTART:${at(startsInMs)}`,
    `DTEND:${at(startsInMs + 7_200_000)}`,
    `SUMMARY:${summary}`,
    'CATEGORIES:premiere',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
};

/** A calendar file turned to garbage and reloaded (SIGHUP) mid-premiere: last good kept, loop responsive. */
export async function corruptCalendarScenario(sizes: ChaosSizes): Promise<ChaosFigure> {
  const dir = tempDir();
  const calendarFile = join(dir, 'premieres.ics');
  writeFileSync(calendarFile, ics('Chaos Premiere', 3_600_000));
  const config = {
    ...baseConfig(dir, sizes.sessions * 2),
    calendar: { sources: [{ name: 'premieres', file: calendarFile }] },
  };
  const exporter = await ExporterProcess.start(dir, config);
  let premiere: Premiere | undefined;
  try {
    premiere = await runningPremiere(exporter, sizes.sessions, true);
    const eventsBefore = await exporter.sum('launchday_event_info');
    // Garbage: a torn VEVENT, then a megabyte of bytes that are not UTF-8.
    writeFileSync(
      calendarFile,
      Buffer.concat([Buffer.from('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage'), Buffer.alloc(2 ** 20, 0xff)])
    );
    const worstHealthz = async (ms: number) => {
      let worst = 0;
      for (const until = performance.now() + ms; performance.now() < until; await sleep(10)) {
        const start = performance.now();
        await (await fetch(`${exporter.url}/healthz`)).arrayBuffer();
        worst = Math.max(worst, performance.now() - start);
      }
      return worst;
    };
    // The exporter's lag gauge (what load shedding reads): the worse of the last second's p99 delay (wall
    // time: on a loaded machine it includes waits for a core) and the longest stall of the last two
    // seconds (capped by the CPU the process spent). It must not rise over what it read before the reload.
    const worstLag = async (ms: number) => {
      let worst = 0;
      for (const until = performance.now() + ms; performance.now() < until; await sleep(400))
        worst = Math.max(worst, (await exporter.sum('launchday_event_loop_lag_seconds')) * 1000);
      return worst;
    };
    const [baselineMs, baselineLagMs] = await Promise.all([worstHealthz(2000), worstLag(2000)]);
    const during = Promise.all([worstHealthz(2000), worstLag(2400)]); // +0.4 s: a stall at the end is read too
    exporter.child.kill('SIGHUP');
    const [worstMs, lagMs] = await during;
    const eventsAfter = await exporter.sum('launchday_event_info');
    const success = await exporter.sum('launchday_calendar_last_reload_success');
    return {
      scenario: 'corrupt calendar reloaded',
      figure: `${eventsAfter} of ${eventsBefore} calendar events kept, reload success ${success}; during the reload launchday_event_loop_lag_seconds at most ${lagMs.toFixed(1)} ms (${baselineLagMs.toFixed(1)} ms in the 2 s before it; its p99 part is wall time), slowest /healthz ${worstMs.toFixed(1)} ms (${baselineMs.toFixed(1)} ms before it)`,
      // On a busy machine a request can wait that long without any reload; the reload must not add to it.
      ok:
        eventsBefore > 0 &&
        eventsAfter === eventsBefore &&
        success === 0 &&
        lagMs <= Math.max(50, baselineLagMs + 10) &&
        worstMs <= Math.max(50, baselineMs + 10),
    };
  } finally {
    await premiere?.stop();
    await exporter.kill('SIGKILL');
  }
}

/**
 * Every viewer but a few gone at once: the crowd's heartbeats all carry the same event time, so all
 * of them fall due at one instant; the gauge is read one expiry bucket (TTL / 8) after it, well within
 * one heartbeat interval, while the sweeper is still removing the rows.
 */
export async function massExpiryScenario(sizes: ChaosSizes): Promise<ChaosFigure> {
  const dir = tempDir();
  // The TTL (3 heartbeat intervals) must outlast loading the crowd: 2M posts took 131 s on a busy machine.
  const heartbeatS = sizes.massHeartbeatSeconds ?? 60;
  const ttlMs = 3 * heartbeatS * 1000;
  const config = {
    ...baseConfig(dir, sizes.massExpiry + 10_000),
    stateFile: undefined,
    heartbeatIntervalSeconds: heartbeatS,
    sessionTtlSeconds: ttlMs / 1000,
  };
  const exporter = await ExporterProcess.start(dir, config);
  const crowd = new Premiere(exporter.url, { intervalMs: HEARTBEAT_MS, churnPerSecond: 0, title: 'Chaos Premiere' });
  const stayers = new Premiere(exporter.url, { intervalMs: HEARTBEAT_MS, churnPerSecond: 0, title: 'Chaos Premiere' });
  try {
    crowd.join(sizes.massExpiry);
    const seenAt = Date.now();
    await crowd.heartbeatAll(4, seenAt);
    const loadedIn = (Date.now() - seenAt) / 1000;
    stayers.join(Math.max(100, Math.round(sizes.massExpiry / 1000)));
    stayers.start();
    await sleep(HEARTBEAT_MS);
    const loaded = (await exporter.viewers()) - stayers.truth;
    const dueAt = seenAt + ttlMs;
    const readAt = dueAt + ttlMs / 8 + 500;
    await sleep(Math.max(0, readAt - Date.now()));
    const gauge = await exporter.viewers();
    const tracked = await exporter.sum('launchday_sessions_tracked');
    const off = error(gauge, stayers.truth);
    return {
      scenario: 'mass expiry',
      figure: `${loaded} viewers due at once (loaded in ${loadedIn.toFixed(1)} s) -> ${gauge} ${((readAt - dueAt) / 1000).toFixed(1)} s after (heartbeat interval ${heartbeatS} s), truth ${stayers.truth}: ${pct(off)} off, ${tracked} rows still to sweep`,
      ok: loaded >= sizes.massExpiry * 0.99 && off <= 0.01,
    };
  } finally {
    await stayers.stop();
    await exporter.kill('SIGKILL');
  }
}

export async function allScenarios(sizes: ChaosSizes, print: (f: ChaosFigure) => void): Promise<ChaosFigure[]> {
  const figures: ChaosFigure[] = [];
  const steps = [
    () => restartScenario('SIGKILL', sizes),
    () => restartScenario('SIGTERM', sizes),
    () => stateDirScenario('full', sizes),
    () => stateDirScenario('read-only', sizes),
    () => corruptCalendarScenario(sizes),
    () => massExpiryScenario(sizes),
  ];
  for (const step of steps) {
    const figure = await step();
    print(figure);
    figures.push(figure);
  }
  return figures;
}
