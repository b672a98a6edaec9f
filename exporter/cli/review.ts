import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseCalendarFile } from '../calendar/calendarFile';
import { collectReview, type ReviewEvent } from '../../review/collect';
import { prometheusApi, type PrometheusApi } from '../../review/prometheusApi';
import { writeReview } from '../../review/render';
import { verdictOf } from '../../review/verdict';

interface ReviewOptions {
  prometheus: string;
  alertmanager?: string;
  calendar?: string;
  out?: string;
  step: string;
  timeZone?: string;
  lookback: string;
  chromium: string;
  now?: string;
}

async function eventFromCalendar(file: string, id: string, timeZone: string): Promise<ReviewEvent> {
  const parsed = await parseCalendarFile(readFileSync(file, 'utf8'), { source: file, timeZone });
  if (parsed.errors.length)
    throw new Error(`${file}: ${parsed.errors.map((e) => `${e.line ?? ''} ${e.message}`).join('; ')}`);
  const events = parsed.events.filter((p) => !p.cancelled).map((p) => p.event);
  const e = events.find((ev) => ev.id === id);
  if (!e)
    throw new Error(
      `event "${id}" is not in ${file} (it has: ${
        events
          .map((ev) => ev.id)
          .slice(0, 20)
          .join(', ') || 'none'
      })`
    );
  return {
    id: e.id,
    title: e.title,
    kind: e.kind,
    start: e.start,
    end: e.end,
    timeZone: e.timeZone,
    ...(e.expectedPeak !== undefined ? { expectedPeak: e.expectedPeak } : {}),
  };
}

/** Without a calendar file: the calendar as the exporter published it (last seen within the lookback). */
async function eventFromPrometheus(api: PrometheusApi, id: string, lookback: string): Promise<ReviewEvent> {
  const sel = `{event=${JSON.stringify(id)}}`;
  const now = Date.now();
  const one = async (expr: string) => (await api.instant(expr, now))[0];
  const info = await one(`last_over_time(launchday_event_info${sel}[${lookback}])`);
  const start = (await one(`last_over_time(launchday_event_start_timestamp_seconds${sel}[${lookback}])`))?.points[0]?.v;
  const end = (await one(`last_over_time(launchday_event_end_timestamp_seconds${sel}[${lookback}])`))?.points[0]?.v;
  if (!info || start === undefined || end === undefined)
    throw new Error(
      `event "${id}" is not in Prometheus's launchday_event_* series over the last ${lookback}: pass --calendar FILE`
    );
  const expected = (await one(`last_over_time(launchday_event_expected_peak_viewers${sel}[${lookback}])`))?.points[0]
    ?.v;
  return {
    id,
    title: info.labels.title ?? id,
    kind: info.labels.kind,
    start: start * 1000,
    end: end * 1000,
    ...(expected !== undefined ? { expectedPeak: expected } : {}),
  };
}

/** `launchday review EVENT --prometheus URL [--alertmanager URL] [--calendar FILE] [--out DIR]` */
export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description(
      "Write one event's review (HTML, PDF, PNG charts) from Prometheus: forecasts against actuals, headroom, SLOs, alerts, timeline"
    )
    .argument('<event>', 'the event id, as in the calendar')
    .option('--prometheus <url>', "Prometheus's address", 'http://127.0.0.1:9090')
    .option('--alertmanager <url>', "Alertmanager's address, to list the alerts it holds")
    .option(
      '--calendar <file>',
      'the calendar/capacity YAML the event is in (default: the event as Prometheus holds it)'
    )
    .option('--out <dir>', 'where to write review.html, review.pdf and the charts (default review-EVENT)')
    .option('--step <seconds>', 'resolution of the range queries', '60')
    .option('--time-zone <zone>', "zone to print times in (default the event's, else UTC)")
    .option('--lookback <duration>', 'without --calendar, how far back to look for the event', '30d')
    .option('--now <instant>', 'review as of this ISO instant (a replay on a simulated clock); default now')
    .option('--chromium <path>', 'Chromium to render with', '/usr/bin/chromium')
    .action(async (id: string, options: ReviewOptions) => {
      const step = Number(options.step);
      if (!(step >= 1 && step <= 3600)) throw new Error(`--step "${options.step}": expected seconds in [1, 3600]`);
      const now = options.now === undefined ? Date.now() : Date.parse(options.now);
      if (!Number.isFinite(now)) throw new Error(`--now "${options.now}": expected an ISO instant`);
      const progress = (m: string) => process.stderr.write(`review: ${m}\n`);
      const api = prometheusApi(options.prometheus, { onProgress: progress });
      const event = options.calendar
        ? await eventFromCalendar(options.calendar, id, options.timeZone ?? 'UTC')
        : await eventFromPrometheus(api, id, options.lookback);
      if (options.timeZone) event.timeZone = options.timeZone;
      const data = await collectReview({
        prometheus: api,
        event,
        stepSeconds: step,
        now,
        onProgress: progress,
        ...(options.alertmanager ? { alertmanagerUrl: options.alertmanager } : {}),
      });
      const out = resolve(options.out ?? `review-${id}`);
      const written = await writeReview(data, out, { executablePath: options.chromium, onProgress: progress });
      console.log(verdictOf(data));
      for (const m of data.missing) console.log(`missing: ${m}`);
      console.log(`wrote ${written.html}\nwrote ${written.pdf}`);
      if (data.unreachable) process.exitCode = 1;
    });
}
