import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postEvents, startTestExporter } from '../testing/inProcessExporter';
import type { RunningExporter } from '../serve';

let exporter: RunningExporter;
before(async () => {
  exporter = await startTestExporter({ catalog: ['Tyson vs Paul'] });
  const events = [
    { type: 'heartbeat', sid: 'a', title: 'Tyson vs Paul', state: 'playing', cdn: 'akamai', weight: 100 },
    { type: 'heartbeat', sid: 'b', title: 'Tyson vs Paul', state: 'buffering', cdn: 'akamai', weight: 50 },
    { type: 'heartbeat', sid: 'c', title: 'Unknown show', state: 'playing' },
    { type: 'heartbeat', sid: 'd', title: 'Tyson vs Paul', state: 'paused' },
    { type: 'login', outcome: 'success', method: 'password' },
    { type: 'login', outcome: 'failure', method: 'password', reason: 'timeout' },
    { type: 'segment', title: 'Tyson vs Paul', cdn: 'akamai', status: 200 },
    { type: 'segment', title: 'Tyson vs Paul', cdn: 'akamai', status: 504 },
    { type: 'segment', title: 'Tyson vs Paul', cdn: 'akamai', status: 'timeout' },
  ];
  await postEvents(exporter.url, events.map((e) => JSON.stringify(e)).join('\n'));
});
after(() => exporter.shutdown());

test('viewers are exported per title with the dimensions, paused sessions left out', async () => {
  const text = await (await fetch(`${exporter.url}/metrics`)).text();
  assert.match(
    text,
    /launchday_concurrent_viewers\{title="Tyson vs Paul",cdn="akamai",region="unknown",device="unknown"\} 150/
  );
  assert.match(text, /launchday_concurrent_viewers\{title="other",cdn="unknown",region="unknown",device="unknown"\} 1/);
  assert.match(text, /launchday_rebuffering_viewers\{title="Tyson vs Paul"\} 50/);
});

test('logins and segments are attempt and failure counters, 504 kept apart', async () => {
  const text = await (await fetch(`${exporter.url}/metrics`)).text();
  assert.match(text, /launchday_login_attempts_total\{method="password",region="unknown",device="unknown"\} 2/);
  assert.match(
    text,
    /launchday_login_failures_total\{method="password",region="unknown",device="unknown",reason="timeout"\} 1/
  );
  assert.match(text, /launchday_segment_requests_total\{title="Tyson vs Paul",cdn="akamai"\} 3/);
  assert.match(text, /launchday_segment_failures_total\{title="Tyson vs Paul",cdn="akamai",status_class="504"\} 1/);
  assert.match(text, /launchday_segment_failures_total\{title="Tyson vs Paul",cdn="akamai",status_class="timeout"\} 1/);
});

test('text format 0.0.4 is the default and OpenMetrics is served when asked for', async () => {
  const plain = await fetch(`${exporter.url}/metrics`);
  assert.match(plain.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const om = await fetch(`${exporter.url}/metrics`, {
    headers: { accept: 'application/openmetrics-text; version=1.0.0' },
  });
  assert.match(om.headers.get('content-type') ?? '', /^application\/openmetrics-text/);
  const body = await om.text();
  assert.match(body, /# EOF\n?$/);
  assert.match(body, /launchday_login_attempts_total\{/);
});

test('the exporter exposes its own health and build info', async () => {
  const text = await (await fetch(`${exporter.url}/metrics`)).text();
  for (const name of [
    'launchday_events_accepted_total{source="events",type="heartbeat"} 4',
    'launchday_sessions_tracked 4',
    'launchday_event_loop_lag_seconds',
    'launchday_build_info{version=',
  ]) {
    assert.ok(
      text.includes(name),
      `missing ${name} in ${text
        .split('\n')
        .filter((l) => l.startsWith('launchday_e'))
        .join('; ')}`
    );
  }
});
