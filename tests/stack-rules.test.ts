// The provisioned Prometheus rules and Alertmanager routes, checked with the real promtool and amtool.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import {
  alertmanagerFile,
  allRules,
  prometheusDir,
  repoRoot,
  ruleFiles,
  ruleTestFiles,
} from './fixtures/stack/provisioned-files';

function run(command: string, args: string[], cwd = repoRoot): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('promtool check rules finds every rule file clean', () => {
  const result = run('promtool', ['check', 'rules', ...ruleFiles()]);
  assert.equal(result.status, 0, result.output);
  assert.doesNotMatch(result.output, /WARNING|FAILED/, result.output);
});

test('promtool check config accepts prometheus.yml and finds its rule files', () => {
  const result = run('promtool', ['check', 'config', 'prometheus.yml'], prometheusDir);
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, new RegExp(`SUCCESS: ${ruleFiles().length} rule files found`));
});

for (const file of ruleTestFiles()) {
  test(`promtool test rules passes ${basename(file)}`, () => {
    const result = run('promtool', ['test', 'rules', basename(file)], join(prometheusDir, 'tests'));
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /SUCCESS/);
  });
}

interface PromtoolTests {
  tests: Array<{
    promql_expr_test?: Array<{ expr: string }>;
    alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }>;
  }>;
}
const unitTests = ruleTestFiles().flatMap((file) => (parse(readFileSync(file, 'utf8')) as PromtoolTests).tests);

test('every recording rule is named level:metric:operations and has a unit test', () => {
  const tested = unitTests.flatMap((t) => (t.promql_expr_test ?? []).map((e) => e.expr));
  const records = allRules().flatMap((rule) => (rule.record ? [rule.record] : []));
  assert.ok(records.length >= 10, 'the recording rules were found');
  for (const record of records) {
    assert.match(record, /^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/, `${record} is not level:metric:operations`);
    assert.ok(
      tested.some((expr) => expr.includes(record)),
      `${record} has no promql_expr_test`
    );
  }
});

test('every alert has a unit test where it fires and one where it stays silent', () => {
  const alertTests = unitTests.flatMap((t) => t.alert_rule_test ?? []);
  const alerts = new Set(allRules().flatMap((rule) => (rule.alert ? [rule.alert] : [])));
  assert.ok(alerts.size >= 7, 'the alerts were found');
  for (const alert of alerts) {
    const mine = alertTests.filter((t) => t.alertname === alert);
    assert.ok(
      mine.some((t) => (t.exp_alerts ?? []).length > 0),
      `${alert} is never tested firing`
    );
    assert.ok(
      mine.some((t) => (t.exp_alerts ?? []).length === 0),
      `${alert} is never tested silent`
    );
  }
});

test('every alert has a severity, a summary, a description and a runbook section that exists', () => {
  const runbook = readFileSync(join(repoRoot, 'docs', 'runbook.md'), 'utf8');
  const anchors = new Set([...runbook.matchAll(/^## (\S+)/gm)].map(([, heading]) => heading!.toLowerCase()));
  for (const rule of allRules().filter((r) => r.alert)) {
    assert.match(rule.labels?.severity ?? '', /^(critical|warning)$/, `${rule.alert} severity`);
    assert.ok(rule.annotations?.summary, `${rule.alert} has no summary`);
    assert.ok(rule.annotations?.description, `${rule.alert} has no description`);
    const anchor = /^docs\/runbook\.md#(.+)$/.exec(rule.annotations?.runbook_url ?? '')?.[1];
    assert.ok(anchor, `${rule.alert} runbook_url is not docs/runbook.md#section`);
    assert.equal(anchor, rule.alert!.toLowerCase(), `${rule.alert} runbook_url names its own section`);
    assert.ok(anchors.has(anchor), `docs/runbook.md has no section "## ${rule.alert}"`);
  }
});

test('amtool accepts the Alertmanager configuration', () => {
  const result = run('amtool', ['check-config', alertmanagerFile]);
  assert.equal(result.status, 0, result.output);
});

function routeOf(labels: string[]): string {
  return execFileSync('amtool', ['config', 'routes', 'test', `--config.file=${alertmanagerFile}`, ...labels], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'], // amtool warns on stderr that --config.file wins over --alertmanager.url
  }).trim();
}

test('critical alerts page, warnings open a ticket', () => {
  assert.equal(routeOf(['alertname=LaunchdayLoginSuccessRatioLow', 'severity=critical']), 'launchday-page');
  assert.equal(routeOf(['alertname=LaunchdayCalendarReloadFailing', 'severity=warning']), 'launchday-ticket');
  assert.equal(routeOf(['alertname=SomethingElse']), 'launchday-ticket');
});

test('alerts are grouped by event and title', () => {
  const config = parse(readFileSync(alertmanagerFile, 'utf8')) as { route: { group_by: string[] } };
  assert.ok(config.route.group_by.includes('event') && config.route.group_by.includes('title'));
});
