import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEventsFile } from '../backtest/eventsFile';
import { parseTimeZoneRules } from '../backtest/timeZoneRules';
import { runBacktest } from '../backtest/runner';

const dir = join(__dirname, '..', '..', 'shared', 'data', 'launch-spikes');
const present = existsSync(join(dir, 'events.csv'));

test(
  'on the shared re-login storms, the T+15m nowcast beats predict_linear and Holt by half',
  { skip: !present && 'no ../shared/data/launch-spikes' },
  () => {
    const report = runBacktest({
      dir,
      events: readEventsFile(join(dir, 'events.csv')),
      tzRules: parseTimeZoneRules(['osrs_*=America/Los_Angeles']),
    });
    assert.equal(report.skipped.length, 0, JSON.stringify(report.skipped));
    const value = (method: string, origin: string, metric: string) =>
      report.results.find((r) => r.class === 'relogin' && r.method === method && r.origin === origin && r.metric === metric)?.value;
    const ours = value('launchday', 'T+15m', 'peak_abs_error_pct');
    const linear = value('predict_linear', 'T+15m', 'peak_abs_error_pct');
    const holt = value('holt', 'T+15m', 'peak_abs_error_pct');
    assert.ok(typeof ours === 'number' && typeof linear === 'number' && typeof holt === 'number');
    assert.ok(ours <= 15, `launchday ${ours}%`);
    assert.ok(
      ours <= linear / 2 && ours <= holt / 2,
      `launchday ${ours}% vs predict_linear ${linear}% and holt ${holt}%`
    );
  }
);
