import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postEvents, startTestExporter } from '../exporter/testing/inProcessExporter';
import { launchModule } from '../exporter/modules/launchModule';
import type { RunningExporter } from '../exporter/serve';
import type { HistorySnapshot } from '../core/history/snapshot';

// `launchday serve` as shipped: calendar, forecast and preview plugged in, one exposition for all.
const root = join(__dirname, '..');
let exporter: RunningExporter;

before(async () => {
  exporter = await startTestExporter(
    {
      catalog: ['Luke Cage'],
      calendar: {
        sources: [{ name: 'demo', demo: { firstStartsIn: '2m' } }],
        capacity: join(root, 'provisioning/calendar/capacity.example.yaml'),
      },
      forecast: { refreshSeconds: 0.5, sampleSeconds: 0.2 },
    },
    [launchModule]
  );
});
after(() => exporter.shutdown());

test('calendar titles join the known titles, so their viewers keep their own label', async () => {
  const calendar = (await (await fetch(`${exporter.url}/api/v1/calendar`)).json()) as { events: { title: string }[] };
  const title = calendar.events[0]!.title;
  await postEvents(
    exporter.url,
    JSON.stringify({ type: 'heartbeat', sid: 'a', title, state: 'playing', weight: 1000 })
  );
  const text = await (await fetch(`${exporter.url}/metrics`)).text();
  assert.ok(text.includes(`launchday_concurrent_viewers{title="${title}"`), `no series for ${title}`);
});

test('the whole exposition, with calendar and forecast gauges, passes promtool check metrics', async () => {
  await sleep(1500); // a few samples and forecast refreshes
  const text = await (await fetch(`${exporter.url}/metrics`)).text();
  for (const name of ['launchday_event_info', 'launchday_capacity_viewers', 'launchday_forecast_peak_viewers']) {
    assert.ok(text.includes(`${name}{`) || text.includes(`${name} `), `missing ${name}`);
  }
  // The example capacity declares segments per CDN: each gets its own forecast headroom.
  for (const resource of [
    'viewers',
    'logins',
    'segments',
    'segments:akamai',
    'segments:cloudfront',
    'segments:fastly',
  ]) {
    assert.match(
      text,
      new RegExp(`launchday_forecast_headroom_ratio\\{event="[^"]+",resource="${resource}"\\} `),
      `headroom for ${resource}`
    );
  }
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(lint.stdout + lint.stderr, '');
});

test('/api/v1/history gives the preview page the recent viewers and the calendar', async () => {
  const snapshot = (await (await fetch(`${exporter.url}/api/v1/history`)).json()) as HistorySnapshot;
  assert.ok(snapshot.events.length > 0);
  const viewers = snapshot.series.find((s) => s.name === 'launchday_concurrent_viewers');
  assert.ok(viewers && viewers.values.some((v) => v === 1000), 'recent viewers are in the snapshot');
  const capacity = (await (await fetch(`${exporter.url}/api/v1/capacity`)).json()) as {
    resources: { id: string; limit: number }[];
  };
  const limit = capacity.resources.find((r) => r.id === 'viewers')?.limit;
  assert.ok(limit !== undefined && limit > 0);
  assert.equal(snapshot.series.find((s) => s.name === 'capacity_viewers')?.values.at(-1), limit);
});

test('after a restart, sessions of a title known only from the calendar come back under that title', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-restart-'));
  const config = {
    stateFile: join(dir, 'sessions.ndjson'),
    calendar: { sources: [{ name: 'demo', demo: { firstStartsIn: '2m' } }] },
  };
  const first = await startTestExporter(config, [launchModule]);
  const calendar = (await (await fetch(`${first.url}/api/v1/calendar`)).json()) as { events: { title: string }[] };
  const title = calendar.events[0]!.title;
  await postEvents(first.url, JSON.stringify({ type: 'heartbeat', sid: 'r1', title, state: 'playing' }));
  await first.shutdown();
  const second = await startTestExporter(config, [launchModule]);
  try {
    const text = await (await fetch(`${second.url}/metrics`)).text();
    assert.ok(text.includes(`launchday_concurrent_viewers{title="${title}"`), `restored under "${title}"`);
  } finally {
    await second.shutdown();
  }
});
