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

test('the pre-rendered viewer series are the bytes prom-client renders, escapes and all', async () => {
  const titles = ['A', 'Say "when"', 'back\\slash', 'two\nlines', 'Ünïcødé'];
  const state = new TelemetryState({
    catalog: titles,
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 1000,
    seriesBudget: 100,
  });
  const now = Date.now();
  let n = 0;
  for (const title of titles)
    for (const cdn of ['akamai', 'fastly', 'not-allowed'])
      for (const device of ['web', 'tv'])
        for (let k = 0; k <= n % 3; k++)
          state.apply(
            { type: 'heartbeat', sid: `s${n++}`, title, cdn, region: 'eu', device, state: 'playing', weight: 1 },
            now
          );
  state.apply({ type: 'heartbeat', sid: 'no-labels', title: 'A', state: 'buffering', weight: 0.5 }, now);
  const render = async (preRendered: boolean) => {
    const registry = new Registry();
    registerTelemetryMetrics(registry, state, preRendered);
    return registry.metrics();
  };
  const ours = await render(true);
  assert.ok(ours.includes('title="Say \\"when\\""'), 'a title with quotes is among the series');
  assert.equal(ours, await render(false));
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: ours, encoding: 'utf8' });
  assert.equal(lint.stdout + lint.stderr, '', 'promtool reported findings');
});
