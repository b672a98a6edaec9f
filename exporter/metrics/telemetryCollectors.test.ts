import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { defaultAllowLists } from '../config/schema';
import { TelemetryState } from '../state/telemetryState';
import { registerTelemetryMetrics } from './telemetryCollectors';

const newState = () =>
  new TelemetryState({
    catalog: ['A'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 10,
    seriesBudget: 10,
  });

test('launchday_sessions_started_total counts admitted sessions, and promtool finds nothing', async () => {
  const state = newState();
  const now = Date.now();
  for (const sid of ['s1', 's2', 's1'])
    state.apply({ type: 'heartbeat', sid, title: 'A', state: 'playing', weight: 1 }, now);
  const registry = new Registry();
  registerTelemetryMetrics(registry, state);
  const text = await registry.metrics();
  assert.match(text, /^# TYPE launchday_sessions_started_total counter$/m);
  assert.match(text, /^launchday_sessions_started_total 2$/m);
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(lint.stdout + lint.stderr, '', 'promtool reported findings');
});
