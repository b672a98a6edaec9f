import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { stringify } from 'yaml';
import { parseDuration } from '../../core/calendar/duration';
import { runLive } from '../../simulator/run/liveSimulation';
import { formatCount, formatSimTime } from '../../simulator/run/statusLine';
import { parseStart } from '../../simulator/run/startOption';
import { loadScenario, scenarioNames } from '../../simulator/scenario/loadScenario';
import { scenarioCalendarFile, scenarioExporterConfig } from '../../simulator/scenario/scenarioExporterConfig';

/**
 * `launchday simulate`: replays a launch night as real HTTP traffic into an exporter. The CLI is
 * the composition root, so it is the one place in exporter/ that reaches into simulator/.
 */
interface SimulateOptions {
  scenario?: string;
  target: string[];
  speed: number;
  start?: string;
  seed: number;
  duration?: string;
  maxSessions: number;
  heartbeatInterval: number;
  tick: number;
  token?: string;
  list?: boolean;
  writeCalendar?: string;
  writeConfig?: string;
}

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};
const integer = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be an integer');
  return n;
};

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('replay a launch night (a seed-incident scenario) as telemetry into an exporter')
    .option('--scenario <name|file>', `scenario name or YAML file (${scenarioNames().join(', ')})`)
    .option(
      '--target <url>',
      "exporter base URL; repeat it for shards: each session goes to its shard on nginx's ring (docs/scaling.md)",
      (url: string, all: string[]) => [...all, url],
      []
    )
    .option('--speed <x>', 'simulated seconds per real second (60 = an hour per minute)', positive('--speed'), 60)
    .option('--start <when>', "wall time of the scenario's first airing: now, now+10m or an ISO instant")
    .option('--seed <n>', 'PRNG seed: the same seed sends the same batches', integer, 1)
    .option('--duration <d>', 'simulated time to run, e.g. 2h (default: the whole scenario)')
    .option(
      '--max-sessions <n>',
      'sampled sessions at most; each carries weight = audience / sessions',
      positive('--max-sessions'),
      1_000_000
    )
    .option(
      '--heartbeat-interval <s>',
      "the exporter's heartbeat interval, in real seconds",
      positive('--heartbeat-interval'),
      10
    )
    .option('--tick <s>', 'real seconds between two batches', positive('--tick'), 1)
    .option('--token <token>', 'ingestion bearer token (env LAUNCHDAY_INGEST_TOKEN)')
    .option('--list', 'list the shipped scenarios and exit')
    .option(
      '--write-calendar <file>',
      "write the scenario's calendar and capacity, moved onto this run's clock, then run"
    )
    .option('--write-config <file>', 'write an exporter config for this scenario (uses --write-calendar), then run')
    .action(async (opts: SimulateOptions) => {
      if (opts.list) {
        for (const name of scenarioNames()) console.log(`${name}\t${loadScenario(name).description}`);
        return;
      }
      if (!opts.scenario) throw new Error('--scenario is required (see --list)');
      const scenario = loadScenario(opts.scenario);
      const durationMs = opts.duration !== undefined ? parseDuration(opts.duration) : undefined;
      if (opts.duration !== undefined && durationMs === undefined)
        throw new Error(`--duration: not a duration: "${opts.duration}"`);
      const targets = opts.target.length ? opts.target : ['http://127.0.0.1:9464'];
      const target = targets.join(',');
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const summary = await runLive({
        scenario,
        target,
        speed: opts.speed,
        seed: opts.seed,
        start: opts.start !== undefined ? parseStart(opts.start, Date.now()) : undefined,
        durationMs,
        maxSessions: opts.maxSessions,
        heartbeatIntervalSeconds: opts.heartbeatInterval,
        tickSeconds: opts.tick,
        token: opts.token ?? process.env.LAUNCHDAY_INGEST_TOKEN,
        signal: controller.signal,
        onClock: (clock, weight) => {
          if (opts.writeCalendar) {
            writeFileSync(
              opts.writeCalendar,
              stringify(
                scenarioCalendarFile(scenario, {
                  toWall: clock.toWall,
                  speed: opts.speed,
                  weight,
                  heartbeatIntervalSeconds: opts.heartbeatInterval,
                })
              )
            );
          }
          if (opts.writeConfig) {
            const config = scenarioExporterConfig(scenario, {
              listen: new URL(targets[0]!).host,
              heartbeatIntervalSeconds: opts.heartbeatInterval,
              calendarFile: opts.writeCalendar,
            });
            writeFileSync(opts.writeConfig, stringify(config));
          }
          console.error(
            `launchday simulate: ${scenario.name} from ${formatSimTime(clock.simFrom, scenario.timeZone)} to ${formatSimTime(clock.simTo, scenario.timeZone)} (${scenario.timeZone}) at x${opts.speed}, one session = ${formatCount(weight)} viewers -> ${targets.join(', ')}`
          );
        },
      });
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      const p = summary.poster;
      console.error(
        `${summary.aborted ? 'stopped' : 'done'}: ${summary.ticks}/${summary.totalTicks} ticks, ${formatCount(summary.events)} events sent (${p.accepted} accepted, ${p.rejected} rejected, ${p.throttled} throttled), peak ${formatCount(summary.peak.viewers)} viewers at ${formatSimTime(summary.peak.simTime, scenario.timeZone)}`
      );
      for (const error of p.firstErrors) console.error(`  rejected ${error}`);
      if (p.rejected > 0) process.exitCode = 1;
    });
}
