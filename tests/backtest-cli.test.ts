import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const fixtures = join(root, 'tests', 'fixtures', 'forecast');
const bin = join(root, 'bin', 'launchday.cjs');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, 'backtest', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

const METHODS = ['launchday', 'predict_linear', 'holt', 'seasonal_naive'];
const CLASSES = ['launch', 'relogin'];
const ORIGINS = ['T-24h', 'T-1h', 'T0', 'T+5m', 'T+15m', 'T+30m', 'T+1h'];
const METRICS = [
  'peak_abs_error_pct',
  'peak_time_error_min',
  'mase',
  'wape',
  'coverage80',
  'peak_coverage80',
  'pinball',
  'saturation_precision',
  'saturation_recall',
  'saturation_lead_min',
];

test('--json prints one row per class, method, origin and metric, with the exact names', () => {
  const out = run(fixtures, '--events', join(fixtures, 'events.csv'), '--tz', 'osrs_*=America/Los_Angeles', '--json');
  assert.equal(out.status, 0, out.stderr);
  const { results } = JSON.parse(out.stdout) as {
    results: { class: string; method: string; origin: string; metric: string; value: number | null }[];
  };
  assert.equal(results.length, CLASSES.length * METHODS.length * ORIGINS.length * METRICS.length);
  const keys = new Set(results.map((r) => `${r.class}|${r.method}|${r.origin}|${r.metric}`));
  for (const c of CLASSES)
    for (const m of METHODS)
      for (const o of ORIGINS)
        for (const k of METRICS) assert.ok(keys.has(`${c}|${m}|${o}|${k}`), `${c} ${m} ${o} ${k}`);
  for (const r of results)
    assert.ok(r.value === null || Number.isFinite(r.value), `${r.method} ${r.origin} ${r.metric}`);
  const coverage = results.filter((r) => r.metric === 'coverage80' && r.value !== null);
  assert.ok(coverage.every((r) => (r.value as number) >= 0 && (r.value as number) <= 1));
  assert.match(out.stderr, /backtest 100% \(28\/28\)/, 'progress on stderr');
});

test('the table gives each class its own table, naming every method and the events it scored', () => {
  const out = run(fixtures, '--events', join(fixtures, 'events.csv'), '--tz', 'osrs_*=America/Los_Angeles');
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /^launches .*\(2 events\)\nmethod\s+origin\s+peak%/m);
  assert.match(out.stdout, /^re-login storms \(2 events\)\nmethod\s+origin\s+peak%/m);
  for (const m of METHODS) assert.equal(out.stdout.match(new RegExp(`^${m}\\s+T\\+1h`, 'gm'))?.length, 2, m);
  assert.match(out.stdout, /4 event\(s\) scored/);
});

test('a missing file is reported as skipped while the others are scored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ld-bt-'));
  const events = join(dir, 'events.csv');
  writeFileSync(
    events,
    `series,t0_utc,kind\nnope.csv,2025-03-03T15:00:00Z,episode\nsteamdb_game.csv,2025-03-03T15:00:00Z,episode\n`
  );
  const out = run(fixtures, '--events', events);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /1 event\(s\) scored/);
  assert.match(out.stdout, /skipped nope\.csv@2025-03-03T15:00:00Z: .*ENOENT/);
});

test('a bad events file exits non-zero with the line at fault', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ld-bt-'));
  const events = join(dir, 'events.csv');
  writeFileSync(events, `series,t0_utc,kind\nsteamdb_game.csv,not-a-time,episode\n`);
  const out = run(fixtures, '--events', events);
  assert.equal(out.status, 2);
  assert.match(out.stderr, /line 2/);
});

test('an unknown --tz zone is refused before any work', () => {
  const out = run(fixtures, '--events', join(fixtures, 'events.csv'), '--tz', 'osrs_*=Nowhere/Here');
  assert.equal(out.status, 2);
  assert.match(out.stderr, /unknown time zone/);
});

test('--rolling scores the published status at rolling origins, per class; a bad value is refused', () => {
  const out = run(
    fixtures,
    '--events',
    join(fixtures, 'events.csv'),
    '--tz',
    'osrs_*=America/Los_Angeles',
    '--rolling',
    '15'
  );
  assert.equal(out.status, 0, out.stderr);
  for (const cls of ['launches', 're-login storms'])
    assert.match(
      out.stdout,
      new RegExp(
        `^${cls}.*saturates within 30 min at rolling origins \\(launchday\\): precision \\S+ \\(\\d+/\\d+ red of \\d+ claims\\), recall`,
        'm'
      ),
      cls
    );
  const bad = run(fixtures, '--events', join(fixtures, 'events.csv'), '--rolling', 'soon');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--rolling "soon": expected whole minutes/);
});

test('--diagnose lists one class: each false red and each missed or late crossing, then the counts', () => {
  const args = [fixtures, '--events', join(fixtures, 'events.csv'), '--tz', 'osrs_*=America/Los_Angeles'];
  const out = run(...args, '--rolling', '15', '--diagnose', 'relogin');
  assert.equal(out.status, 0, out.stderr);
  const lines = out.stdout.trimEnd().split('\n');
  const last =
    /^relogin: (\d+) false red claim\(s\); (\d+) of (\d+) crossing\(s\) missed or held < 10 min \(rolling origins every 15 min, leave-one-out\)$/.exec(
      lines[lines.length - 1] ?? ''
    );
  assert.ok(last, lines[lines.length - 1]);
  assert.equal(lines.filter((l) => l.startsWith('FALSE ')).length, Number(last[1]));
  assert.equal(lines.filter((l) => l.startsWith('CROSSING ')).length, Number(last[2]));
  // Every origin line shows what the rule read, both ramps included.
  for (const l of lines.filter((x) => /^(FALSE| {2})/.test(x) && x.includes('cap ')))
    assert.match(l, /trend 30m \S+\/h 10m \S+\/h/);
  const bad = run(...args, '--diagnose', 'premieres');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--diagnose "premieres": expected one of launch, relogin/);
});
