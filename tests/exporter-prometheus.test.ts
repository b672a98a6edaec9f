import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { postEvents, startTestExporter } from '../exporter/testing/inProcessExporter';
import type { RunningExporter } from '../exporter/serve';
import { startPrometheus, type RunningPrometheus } from './support/prometheus';
import { queryInstant } from './support/promql';

// A real Prometheus (Debian package) scrapes a real exporter; PromQL must read back the scripted batch.
let exporter: RunningExporter;
let prometheus: RunningPrometheus;

const titles = ['La Casa de Papel P4', 'Luke Cage'];

before(async () => {
  exporter = await startTestExporter({ catalog: titles, heartbeatIntervalSeconds: 10 });
  const target = exporter.url.replace('http://', '');
  prometheus = await startPrometheus(
    `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: launchday\n    static_configs: [{ targets: ['${target}'] }]\n`
  );
});
after(async () => {
  await prometheus?.stop();
  await exporter?.shutdown();
});

async function until(expr: string, check: (v: number) => boolean, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = NaN;
  while (Date.now() < deadline) {
    const r = await queryInstant(prometheus.url, expr);
    if (r.ok && r.series[0]) {
      last = Number(r.series[0].value[1]);
      if (check(last)) return last;
    }
    await sleep(500);
  }
  throw new Error(`${expr}: last value ${last}`);
}

test('PromQL returns per-title viewers and the login success ratio after a scripted batch', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 30; i++)
    lines.push(JSON.stringify({ type: 'heartbeat', sid: `casa-${i}`, title: titles[0], state: 'playing', weight: 10 }));
  for (let i = 0; i < 5; i++)
    lines.push(JSON.stringify({ type: 'heartbeat', sid: `luke-${i}`, title: titles[1], state: 'playing' }));
  lines.push(JSON.stringify({ type: 'heartbeat', sid: 'paused', title: titles[1], state: 'paused' }));
  const res = await postEvents(exporter.url, lines.join('\n'));
  assert.equal(res.status, 200);

  const casa = await until(`sum by (title) (launchday_concurrent_viewers{title="${titles[0]}"})`, (v) => v === 300);
  assert.equal(casa, 300);
  const luke = await until(`sum by (title) (launchday_concurrent_viewers{title="${titles[1]}"})`, (v) => v === 5);
  assert.equal(luke, 5);

  // Logins: 90 successes and 10 failures, sent in two rounds so rate() has two increasing samples.
  const logins = (n: number, outcome: string) =>
    Array.from({ length: n }, () => JSON.stringify({ type: 'login', outcome, method: 'password', reason: 'timeout' }));
  await postEvents(exporter.url, [...logins(9, 'success'), ...logins(1, 'failure')].join('\n'));
  await sleep(2500);
  await postEvents(exporter.url, [...logins(81, 'success'), ...logins(9, 'failure')].join('\n'));
  const ratio = await until(
    '1 - sum(increase(launchday_login_failures_total[1m])) / sum(increase(launchday_login_attempts_total[1m]))',
    (v) => Math.abs(v - 0.9) < 1e-9
  );
  assert.ok(Math.abs(ratio - 0.9) < 1e-9);
});

test('promtool check metrics finds nothing in the real exposition', async () => {
  await postEvents(
    exporter.url,
    [
      JSON.stringify({ type: 'segment', title: titles[0], cdn: 'akamai', status: 504 }),
      JSON.stringify({ type: 'login', outcome: 'failure', reason: 'rate_limited' }),
    ].join('\n')
  );
  const text = await (await fetch(`${exporter.url}/metrics`)).text();
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(lint.stdout + lint.stderr, '', 'promtool reported findings');
  assert.equal(lint.status, 0);
});
