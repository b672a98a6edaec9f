import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../simulator/scenario/loadScenario';
import { makeTempDir } from './support/componentProcess';
import { replayScenario, reviewPages, type ReplayedScenario } from './review-replay';

/**
 * got-s7e7-finale-ocs (19:00-22:00 of its night, x360) through the real exporter, backfilled on its own
 * clock with the provisioned rules, then `launchday review` of the 20:40 airing to PDF; pdftoppm turns the
 * PDF into PNG pages, and the report's figures (read back from the PDF's text) must be Prometheus's answers.
 */
const EVENT = 'got-s7e7-2040';
const TITLE = 'Game of Thrones';
let replay: ReplayedScenario | undefined;
after(async () => replay?.stop());

async function instant(
  expr: string,
  at: number
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const body = new URLSearchParams({ query: expr, time: String(at / 1000) });
  const answer = (await (await fetch(`${replay!.prometheus.url}/api/v1/query`, { method: 'POST', body })).json()) as {
    status: string;
    error?: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  assert.equal(answer.status, 'success', `${expr}: ${answer.error}`);
  return answer.data.result;
}
const scalar = async (expr: string, at: number) => Number((await instant(expr, at))[0]?.value[1] ?? NaN);
const count = (v: number) => Math.round(v).toLocaleString('en-US');
const hhmm = (t: number) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(t);

test('a replayed finale: the review PDF says what Prometheus says', { timeout: 240_000 }, async () => {
  replay = await replayScenario(loadScenario('got-s7e7-finale-ocs'), {
    speed: 360,
    scrapeSimSeconds: 30,
    durationMs: 3 * 3_600_000,
  });
  const out = makeTempDir('review-out');
  const pages = reviewPages(replay, EVENT, out, 50);
  assert.ok(pages.length >= 2, `pdftoppm made ${pages.length} pages`);
  const png = readFileSync(join(out, pages[0]!));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.ok(png.readUInt32BE(16) > 300 && png.readUInt32BE(20) > 400, 'an A4 page at 50 dpi');
  const text = execFileSync('pdftotext', ['-layout', join(out, 'review.pdf'), '-'], { encoding: 'utf8' });

  // The window the review read: an hour before the 20:40 start to the end of the replay, at 60 s steps.
  const start = Date.parse('2017-08-28T20:40:00+02:00');
  const from = start - 3_600_000;
  const to = replay.simTo - (replay.simTo % 60_000);
  const span = `${(to - from) / 1000 + 1}s`;
  const sub = (expr: string) => `(${expr})[${span}:60s]`;

  // Peak: the highest viewers of the title Prometheus holds over the event and after it.
  const peak = await scalar(`max_over_time(${sub(`sum(launchday_concurrent_viewers{title="${TITLE}"})`)})`, to);
  assert.ok(peak > 300_000, `peak ${peak}`);
  const peakLine = /Peak: ([\d,]+) viewers at (\d\d:\d\d)/.exec(text);
  assert.ok(peakLine, text.slice(0, 2000));
  assert.equal(peakLine[1], count(peak));

  // Forecasts: each row's P50 is the published band at that instant.
  for (const [label, offset] of [
    ['T0', 0],
    ['T+15m', 15 * 60_000],
    ['T+30m', 30 * 60_000],
  ] as const) {
    const p50 = await scalar(`launchday_forecast_peak_viewers{event="${EVENT}",band="p50"}`, start + offset);
    const row = new RegExp(`^ *${label.replace('+', '\\+')} +\\S+ +([\\d,]+) +([\\d,]+)`, 'm').exec(text);
    assert.ok(row, `${label} row`);
    assert.equal(row[2], count(p50), `${label} P50`);
  }

  // Minutes over the login SLO: the 60 s samples where the 5-minute success ratio is under the objective.
  const objective = await scalar(
    'max(launchday_slo_objective_ratio{slo="login_success"})',
    Date.parse('2017-08-28T21:56:00+02:00')
  );
  const ratio =
    '1 - (sum(rate(launchday_login_failures_total[5m])) or sum(rate(launchday_login_attempts_total[5m])) * 0) / sum(rate(launchday_login_attempts_total[5m]))';
  const minutesOver = await scalar(`count_over_time(${sub(`(${ratio}) < ${objective}`)})`, to);
  assert.ok(minutesOver >= 30, `the 21:00 incident breaches logins (${minutesOver} min)`);
  const sloRow = /login success ≥ [\d.]+% +all +(\d+) +(\d\d:\d\d)/.exec(text);
  assert.ok(sloRow, 'login SLO row');
  assert.equal(Number(sloRow[1]), minutesOver);

  // The first firing of the status alert, from the backfilled ALERTS series, is on the timeline.
  const firing = await instant(
    `min_over_time(${sub('timestamp(ALERTS{alertname="LaunchdayEventStatusRed",alertstate="firing"})')})`,
    to
  );
  assert.ok(firing.length > 0, 'LaunchdayEventStatusRed fired');
  // The review reads ALERTS at its 60 s steps: the first step that sees the first firing sample.
  const firstRed = Math.ceil(Math.min(...firing.map((f) => Number(f.value[1]) * 1000)) / 60_000) * 60_000;
  assert.match(text, new RegExp(`${hhmm(firstRed)} +Alert firing: LaunchdayEventStatusRed`));
});
