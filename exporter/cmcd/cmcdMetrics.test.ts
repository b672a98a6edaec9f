import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { defaultAllowLists } from '../config/schema';
import { TelemetryState } from '../state/telemetryState';
import { registerCmcdMetrics } from './cmcdMetrics';
import { PlayerCounters } from './playerCounters';

test('the player counters render each label set with its count, read through the family entries', async () => {
  const state = new TelemetryState({
    catalog: ['dash live'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 10,
    seriesBudget: 10,
  });
  const players = new PlayerCounters(state, 10);
  players.response('dash live', 'akamai', 504);
  players.response('dash live', 'akamai', 200);
  players.error('dash live');
  const registry = new Registry();
  registerCmcdMetrics(registry, players);
  const text = await registry.metrics();
  assert.match(text, /^launchday_player_segment_responses_total\{title="dash live",cdn="akamai"\} 2$/m);
  assert.match(
    text,
    /^launchday_player_segment_failures_total\{title="dash live",cdn="akamai",status_class="504"\} 1$/m
  );
  assert.match(text, /^launchday_player_errors_total\{title="dash live"\} 1$/m);
});
