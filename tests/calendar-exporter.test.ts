import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { resolveConfig } from '../exporter/config/schema';
import { launchModule } from '../exporter/modules/launchModule';
import { startExporter } from '../exporter/serve';

const root = join(__dirname, '..');

test('the calendar, through the launch module, plugs into the real exporter: titles join the guard, API and metrics served, reload works', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-calexp-'));
  copyFileSync(join(root, 'provisioning/calendar/capacity.example.yaml'), join(dir, 'capacity.yaml'));
  const config = resolveConfig({
    listen: '127.0.0.1:0',
    logLevel: 'silent',
    calendar: {
      sources: [
        { name: 'demo', demo: { firstStartsIn: '5m' } },
        { name: 'absent', file: join(dir, 'absent.ics') },
      ],
      capacity: join(dir, 'capacity.yaml'),
    },
  });
  const exporter = await startExporter(config, pino({ level: 'silent' }), [launchModule]);
  try {
    const post = await fetch(`${exporter.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { type: 'heartbeat', sid: 's1', title: 'Harbor Lights', state: 'playing' },
        { type: 'heartbeat', sid: 's2', title: 'Not On The Calendar', state: 'playing' },
      ]),
    });
    assert.ok(post.ok, `ingest answered ${post.status}`);
    const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
    assert.match(metrics, /launchday_concurrent_viewers\{title="Harbor Lights"/, 'a calendar title is kept as itself');
    assert.match(metrics, /launchday_concurrent_viewers\{title="other"/, 'an unknown title is folded');
    assert.match(
      metrics,
      /launchday_event_info\{event="demo-[0-9T]+-premiere",title="Harbor Lights",kind="premiere"\} 1/
    );
    assert.match(metrics, /launchday_capacity_viewers 15000000/, 'the last scheduled step of the example holds today');
    assert.match(metrics, /launchday_calendar_last_reload_success\{source="absent"\} 0/);
    assert.match(metrics, /launchday_calendar_last_reload_success\{source="demo"\} 1/);

    const calendar = (await (await fetch(`${exporter.url}/api/v1/calendar`)).json()) as {
      events: { kind: string; start: string }[];
    };
    const next = calendar.events.find((e) => Date.parse(e.start) > Date.now());
    assert.equal(next?.kind, 'premiere');
    assert.ok(Date.parse(next!.start) - Date.now() <= 6 * 60_000, 'the demo premiere goes live within minutes');

    copyFileSync(join(root, 'tests/fixtures/calendar/google-wwe-raw.ics'), join(dir, 'absent.ics'));
    await exporter.reload(); // what SIGHUP calls
    const after = await (await fetch(`${exporter.url}/metrics`)).text();
    assert.match(after, /launchday_calendar_last_reload_success\{source="absent"\} 1/);
  } finally {
    await exporter.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
