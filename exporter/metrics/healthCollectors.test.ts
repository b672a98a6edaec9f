import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { defaultAllowLists } from '../config/schema';
import { IngestLedger } from '../ingest/ingestLedger';
import { EventLoopLag } from '../runtime/eventLoopLag';
import { TelemetryState } from '../state/telemetryState';
import { registerHealthMetrics } from './healthCollectors';

test('the lag gauge says it reads the worse of the p99 and the longest recent stall; promtool finds nothing', async () => {
  const state = new TelemetryState({
    catalog: ['A'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 10,
    seriesBudget: 10,
  });
  const registry = new Registry();
  registerHealthMetrics(registry, state, new IngestLedger(), new EventLoopLag());
  const text = await registry.metrics();
  const help = /^# HELP launchday_event_loop_lag_seconds (.*)$/m.exec(text)?.[1] ?? '';
  assert.match(help, /p99/);
  assert.match(help, /longest stall/);
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(lint.stdout + lint.stderr, '', 'promtool reported findings');
});
