import type { Command } from 'commander';
import { readEventsFile } from '../../backtest/eventsFile';
import { parseTimeZoneRules } from '../../backtest/timeZoneRules';
import {
  runBacktest,
  loadEvents,
  DEFAULT_CAPACITY_FRACTIONS,
  EVENT_CLASSES,
  type EventClass,
} from '../../backtest/runner';
import { diagnoseRolling } from '../../backtest/diagnoseRolling';
import { ROLLING_STEP_MIN } from '../../backtest/rollingStatus';
import { formatJson, formatTable } from '../../backtest/output';
import { progressBar } from '../../backtest/progressBar';

const collect = (value: string, previous: string[]) => [...previous, value];

function parseFractions(text: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !(v > 0)))
    throw new Error(`--capacity "${text}": expected positive fractions, e.g. 0.8,0.9,1.1`);
  return values;
}

/** `launchday backtest DIR --events FILE [--json] [--tz GLOB=ZONE]...` */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'Score the forecast engine and its baselines on recorded series at T-24h, T-1h, T0, T+5m, T+15m, T+30m, T+1h; one table per class (launches, re-logins)'
    )
    .argument('<dir>', 'folder of series (any subset of the launch-spikes layout)')
    .requiredOption(
      '--events <file>',
      'CSV with header series,t0_utc,kind (series relative to DIR, #ID for the hourly Steam file)'
    )
    .option('--json', 'print {results:[{class, method, origin, metric, value}]} instead of a table')
    .option(
      '--tz <glob=zone>',
      'time zone of local-time files, repeatable, e.g. osrs_*=America/Los_Angeles',
      collect,
      [] as string[]
    )
    .option(
      '--capacity <fractions>',
      'capacities for "saturates within 30 min", as fractions of each event peak',
      DEFAULT_CAPACITY_FRACTIONS.join(',')
    )
    .option(
      '--rolling <minutes>',
      'also score the published status at a rolling origin every N minutes from T-1h to each window end (0: off)',
      '0'
    )
    .option(
      '--diagnose <class>',
      `instead of the tables, list every false red and missed or late crossing of the rolling status score for one class (${EVENT_CLASSES.join('|')}), leave-one-out, every --rolling minutes (default ${ROLLING_STEP_MIN})`
    )
    .action(
      (
        dir: string,
        options: { events: string; json?: boolean; tz: string[]; capacity: string; rolling: string; diagnose?: string }
      ) => {
        try {
          const rollingStepMin = Number(options.rolling);
          if (!Number.isInteger(rollingStepMin) || rollingStepMin < 0)
            throw new Error(`--rolling "${options.rolling}": expected whole minutes (0: off), e.g. 5`);
          if (options.diagnose !== undefined) {
            const cls = options.diagnose as EventClass;
            if (!EVENT_CLASSES.includes(cls))
              throw new Error(`--diagnose "${options.diagnose}": expected one of ${EVENT_CLASSES.join(', ')}`);
            const { loaded, skipped } = loadEvents(dir, readEventsFile(options.events), parseTimeZoneRules(options.tz));
            for (const s of skipped) process.stderr.write(`skipped ${s.event}: ${s.reason}\n`);
            const lines = diagnoseRolling(
              loaded,
              cls,
              rollingStepMin || ROLLING_STEP_MIN,
              parseFractions(options.capacity)
            );
            process.stdout.write(`${lines.join('\n')}\n`);
            return;
          }
          const report = runBacktest({
            dir,
            events: readEventsFile(options.events),
            tzRules: parseTimeZoneRules(options.tz),
            capacityFractions: parseFractions(options.capacity),
            onProgress: progressBar(),
            ...(rollingStepMin > 0 ? { rollingStepMin } : {}),
          });
          if (report.events === 0) {
            process.stderr.write(`${formatTable(report)}\nno event could be scored\n`);
            process.exitCode = 1;
            return;
          }
          process.stdout.write(`${options.json ? formatJson(report) : formatTable(report)}\n`);
        } catch (err) {
          process.stderr.write(`backtest: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exitCode = 2;
        }
      }
    );
}
