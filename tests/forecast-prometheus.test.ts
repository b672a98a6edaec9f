// Several exporters, one forecast: two exporters share the traffic behind one real Prometheus; the
// forecaster (forecast.source: prometheus) reads the sums through the HTTP query API and publishes,
// the other (forecast.publish: false) publishes nothing. A third exporter, given all the traffic alone,
// forecasts from its own state (the embedded default): the two forecasts must agree within 1%.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { makeTempDir } from './support/componentProcess';
import { startExporter, type RunningExporter } from './support/exporter';
import { startPrometheus } from './support/prometheus';
import { queryInstant } from './support/promql';

const MIN = 60_000;
const title = 'Finale';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function config(dir: string, name: string, calendarFile: string, forecast: Record<string, unknown>): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      heartbeatIntervalSeconds: 10,
      catalog: [title, 'Other'],
      logLevel: 'warn',
      calendar: { sources: [{ name: 'test', file: calendarFile }], capacity: calendarFile },
      forecast: { refreshSeconds: 1, sampleSeconds: 0.5, ...forecast },
    })
  );
  return file;
}

/** `count` sessions of a title, ids `prefix-i`, weight 10 each; logins and segments in proportion. */
function batch(prefix: string, count: number, of = title): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    events.push({ type: 'heartbeat', sid: `${prefix}-${i}`, title: of, state: 'playing', cdn: 'akamai', weight: 10 });
    events.push({ type: 'login', outcome: 'success', method: 'password' });
    events.push({ type: 'segment', title: of, cdn: 'akamai', status: 200, duration_ms: 300, bytes: 1000 });
  }
  return events;
}

/** A gauge's samples on /metrics, by their label text. */
async function gauges(e: RunningExporter, name: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${e.url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))) out.set(m[1]!, Number(m[2]));
  return out;
}

test(
  'two exporters behind one Prometheus publish one forecast on the sum, within 1% of one exporter with all the traffic',
  { timeout: 120_000 },
  async (t) => {
    const dir = makeTempDir('forecast-prometheus');
    const now = Date.now();
    // The premiere starts in 40 minutes: its baseline is the hour before, which both forecasts see flat.
    const calendarFile = join(dir, 'calendar.yaml');
    writeFileSync(
      calendarFile,
      stringify({
        events: [{ id: 'finale', title, kind: 'premiere', start: iso(now + 40 * MIN), duration: '2h' }],
        capacity: [
          { resource: 'viewers', limit: 100_000 },
          { resource: 'logins', limit: 1000 },
        ],
      })
    );
    const targets = join(dir, 'targets.json');
    writeFileSync(targets, '[]');
    const prometheus = await startPrometheus(
      [
        'global: { scrape_interval: 500ms, evaluation_interval: 1s }',
        `scrape_configs: [ { job_name: launchday, file_sd_configs: [ { files: ['${targets}'] } ] } ]`,
      ].join('\n')
    );
    t.after(() => prometheus.stop());
    const forecaster = await startExporter(
      config(dir, 'forecaster', calendarFile, {
        source: 'prometheus',
        prometheus: { url: prometheus.url, rateWindowSeconds: 5 },
      })
    );
    t.after(() => forecaster.stop());
    const other = await startExporter(config(dir, 'other', calendarFile, { publish: false }));
    t.after(() => other.stop());
    const alone = await startExporter(config(dir, 'alone', calendarFile, {}));
    t.after(() => alone.stop());
    writeFileSync(targets, JSON.stringify([{ targets: [forecaster.target, other.target] }]));

    // 600 sessions (6,000 weighted viewers) split 350/250, and all 600 on the lone exporter; every second.
    // A busy machine may shed a batch (429, resent the next second): sessions live on through their TTL.
    let sending = true;
    const shed: string[] = [];
    const send = (e: RunningExporter, events: Record<string, unknown>[]) =>
      e.send(events).catch((error: Error) => void shed.push(error.message));
    const traffic = (async () => {
      while (sending) {
        await Promise.all([
          send(forecaster, [...batch('a', 350), ...batch('o', 20, 'Other')]),
          send(other, batch('b', 250)),
          send(alone, [...batch('a', 350), ...batch('b', 250), ...batch('o', 20, 'Other')]),
        ]);
        await sleep(1000);
      }
    })();
    // Hooks run last-registered first: traffic stops before the exporters and Prometheus do.
    t.after(async () => {
      sending = false;
      await traffic;
    });

    // Both forecasts settled: the forecaster's Prometheus sum has reached the lone exporter's total.
    const p50 = (m: Map<string, number>) => m.get('event="finale",band="p50"');
    let shared: number | undefined;
    let single: number | undefined;
    for (const deadline = Date.now() + 60_000; ; await sleep(500)) {
      const sum = await queryInstant(prometheus.url, `sum(launchday_concurrent_viewers{title="${title}"})`);
      const summed = sum.ok ? Number(sum.series[0]?.value[1]) : NaN;
      shared = p50(await gauges(forecaster, 'launchday_forecast_peak_viewers'));
      single = p50(await gauges(alone, 'launchday_forecast_peak_viewers'));
      if (summed === 6000 && shared !== undefined && single !== undefined && Math.abs(shared / single - 1) <= 0.01)
        break;
      assert.ok(
        Date.now() < deadline,
        `forecasts never agreed: Prometheus sum ${summed}, forecaster P50 ${shared}, lone exporter P50 ${single}`
      );
    }
    if (shed.length) t.diagnostic(`${shed.length} batches shed and resent: ${shed[0]}`);
    t.diagnostic(
      `forecast P50 peak: ${shared} from Prometheus's sum, ${single} from one exporter with all the traffic`
    );
    assert.ok(shared! > 6000 * 0.5, 'the forecast reads the whole platform, not one share (3,500 or 2,500)');

    // Headroom on the sum, too (viewers and logins/s across both exporters).
    const headroom = await gauges(forecaster, 'launchday_forecast_headroom_ratio');
    const lone = await gauges(alone, 'launchday_forecast_headroom_ratio');
    const viewers = 'event="finale",resource="viewers"';
    assert.ok(
      Math.abs(headroom.get(viewers)! - lone.get(viewers)!) <= 0.01,
      `viewers headroom ${headroom.get(viewers)} vs ${lone.get(viewers)}`
    );

    // One forecaster: the other exporter publishes no forecast and no status.
    const otherText = await (await fetch(`${other.url}/metrics`)).text();
    assert.doesNotMatch(otherText, /^launchday_(forecast_|event_status|event_binding_info|slo_objective)/m);
    const statuses = await queryInstant(prometheus.url, 'count(launchday_event_status{event="finale"} == 1)');
    assert.ok(
      statuses.ok && Number(statuses.series[0]?.value[1]) === 1,
      'one current status for the event in Prometheus'
    );
  }
);
