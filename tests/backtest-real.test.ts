import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEventsFile } from '../backtest/eventsFile';
import { parseTimeZoneRules } from '../backtest/timeZoneRules';
import { runBacktest, type BacktestReport } from '../backtest/runner';
import { PROJECT_EVENTS } from '../backtest/derivationEvents';

const dir = join(__dirname, '..', '..', 'shared', 'data', 'launch-spikes');
const present = existsSync(dir);

// The shipped templates were derived from these same events, so this is in-sample: a guard that the
// engine, the events list and the shared data still agree. The honest figures are bench:forecast's
// leave-one-out tables (docs/forecast.md).
let report: BacktestReport | undefined;
const shipped = () =>
  (report ??= runBacktest({
    dir,
    events: readEventsFile(PROJECT_EVENTS),
    tzRules: parseTimeZoneRules(['osrs_*=America/Los_Angeles']),
    methods: ['launchday', 'predict_linear', 'holt'],
  }));
const value = (cls: string, method: string, origin: string, metric: string) =>
  shipped().results.find((r) => r.class === cls && r.method === method && r.origin === origin && r.metric === metric)
    ?.value;

test('the project events list loads whole from the shared data, both classes', { skip: !present && 'no data' }, () => {
  assert.equal(shipped().skipped.length, 0, JSON.stringify(shipped().skipped));
  assert.deepEqual(shipped().eventsByClass, { launch: 22, relogin: 12 });
});

test(
  'on launches, the nowcast at T+30m and T+1h beats predict_linear and Holt by half (shipped library)',
  { skip: !present && 'no data' },
  () => {
    for (const origin of ['T+30m', 'T+1h']) {
      const ours = value('launch', 'launchday', origin, 'peak_abs_error_pct');
      const linear = value('launch', 'predict_linear', origin, 'peak_abs_error_pct');
      const holt = value('launch', 'holt', origin, 'peak_abs_error_pct');
      assert.ok(typeof ours === 'number' && typeof linear === 'number' && typeof holt === 'number', origin);
      assert.ok(ours <= 20, `${origin} launchday ${ours}%`);
      assert.ok(ours <= linear / 2 && ours <= holt / 2, `${origin}: ${ours}% vs ${linear}% and ${holt}%`);
    }
  }
);

test(
  'on re-login storms, the T+15m nowcast beats predict_linear and Holt by half',
  { skip: !present && 'no data' },
  () => {
    const ours = value('relogin', 'launchday', 'T+15m', 'peak_abs_error_pct');
    const linear = value('relogin', 'predict_linear', 'T+15m', 'peak_abs_error_pct');
    const holt = value('relogin', 'holt', 'T+15m', 'peak_abs_error_pct');
    assert.ok(typeof ours === 'number' && typeof linear === 'number' && typeof holt === 'number');
    assert.ok(ours <= 5 && ours <= linear / 2 && ours <= holt / 2, `${ours}% vs ${linear}% and ${holt}%`);
  }
);
