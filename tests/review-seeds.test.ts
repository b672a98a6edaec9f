import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, scenarioNames } from '../simulator/scenario/loadScenario';
import type { Scenario } from '../simulator/scenario/scenarioSchema';
import { makeTempDir } from './support/componentProcess';
import { replayScenario, reviewPages, type ReplayedScenario } from './review-replay';

/**
 * Every seed incident on the real rules in its own time (LAUNCHDAY_REVIEW_SEEDS=1; ~10 min, so not in the
 * default run): each scenario's whole window through the exporter, backfilled with the provisioned recording
 * and alert rules (real `for:`), then per failure window: the lead of red status before onset, the delay
 * from onset to the first symptom alert, and alerts outside every failure window. Writes the table to
 * tests/output/review-seeds.md; LAUNCHDAY_REVIEW_DOCS=1 also renders each main airing's review into
 * docs/review/ as PNG pages (pdftoppm).
 */
const root = join(__dirname, '..');
const MIN = 60_000;
/** Alerts on symptoms (the ones a failure should set off); the status/forecast ones are the foresight. */
const symptom = (name: string) => !/EventStatus|ForecastStale|ExporterDown|ShardMissing|Calendar/.test(name);

async function redSpells(r: ReplayedScenario): Promise<{ from: number; to: number }[]> {
  const body = new URLSearchParams({
    query: 'max(launchday_event_status{status="red"})',
    start: String(r.simFrom / 1000),
    end: String(r.simTo / 1000),
    step: '30',
  });
  const answer = (await (await fetch(`${r.prometheus.url}/api/v1/query_range`, { method: 'POST', body })).json()) as {
    data: { result: { values: [number, string][] }[] };
  };
  const spells: { from: number; to: number }[] = [];
  for (const [t, v] of answer.data.result[0]?.values ?? []) {
    const at = t * 1000;
    const last = spells.at(-1);
    if (v !== '1') continue;
    if (last && at - last.to <= 30_000) last.to = at;
    else spells.push({ from: at, to: at });
  }
  return spells;
}

const minutes = (ms: number) => `${ms >= 0 ? '' : '-'}${Math.round(Math.abs(ms) / MIN)} min`;

function rows(s: Scenario, r: ReplayedScenario, spells: { from: number; to: number }[]): string[] {
  const out: string[] = [];
  for (const f of s.failures) {
    const onset = f.from;
    const red =
      spells.find((sp) => sp.from <= onset && sp.to >= onset - 15 * MIN) ??
      spells.find((sp) => sp.from > onset && sp.from <= f.to);
    const lead = red
      ? red.from <= onset
        ? `${minutes(onset - red.from)} before`
        : `${minutes(red.from - onset)} after onset`
      : 'never red';
    const first = r.alerts
      .filter((a) => symptom(a.name) && a.to >= onset - 15 * MIN && a.from <= f.to)
      .sort((a, b) => a.from - b.from)[0];
    const delay = first
      ? `${minutes(first.from - onset)} (${first.name.replace(/^Launchday/, '')})${first.from - onset <= 2 * MIN ? '' : ' late'}`
      : 'none';
    const scope = `${f.signal}${f.cdn ? `:${f.cdn}` : ''}${f.title ? ` ${f.title}` : ''}`;
    out.push(
      `| ${s.name} | ${scope} | ${f.cause} | ${new Date(onset).toISOString().slice(0, 16)}Z | ${lead} | ${delay} |`
    );
  }
  if (s.failures.length === 0) out.push(`| ${s.name} | (no failure) | - | - | - | - |`);
  return out;
}

function falseAlerts(s: Scenario, r: ReplayedScenario): string {
  const near = (a: { name: string; from: number; to: number }) =>
    s.failures.some((f) => a.to >= f.from - (symptom(a.name) ? 15 * MIN : 2 * 60 * MIN) && a.from <= f.to + 30 * MIN);
  const outside = r.alerts.filter((a) => !near(a));
  const byName = new Map<string, number>();
  for (const a of outside)
    byName.set(a.name.replace(/^Launchday/, ''), (byName.get(a.name.replace(/^Launchday/, '')) ?? 0) + 1);
  return outside.length ? [...byName].map(([n, c]) => `${n} x${c}`).join(', ') : 'none';
}

test(
  'seed incidents on the real rules, in their own time',
  { skip: process.env.LAUNCHDAY_REVIEW_SEEDS !== '1', timeout: 3_600_000 },
  async () => {
    const table = [
      '| scenario | failure | cause | onset | red status | first symptom alert after onset |',
      '| --- | --- | --- | --- | --- | --- |',
    ];
    const falses = [
      '| scenario | alerts outside failure windows (symptom alerts 15 min before/30 min after, status alerts 2 h before) | rules not evaluable |',
      '| --- | --- | --- |',
    ];
    const only = process.env.REVIEW_SCENARIOS?.split(',');
    const save = () => {
      mkdirSync(join(root, 'tests', 'output'), { recursive: true });
      writeFileSync(join(root, 'tests', 'output', 'review-seeds.md'), `${table.join('\n')}\n\n${falses.join('\n')}\n`);
    };
    for (const name of scenarioNames().filter((n) => !only || only.includes(n))) {
      const s = loadScenario(name);
      const started = Date.now();
      const r = await replayScenario(s, { speed: Number(process.env.REVIEW_SPEED ?? 480), scrapeSimSeconds: 30 });
      try {
        const spells = await redSpells(r);
        table.push(...rows(s, r, spells));
        falses.push(`| ${name} | ${falseAlerts(s, r)} | ${r.ruleErrors.join('; ') || 'none'} |`);
        console.log(
          `${name}: ${r.scrapes} scrapes, ${r.alerts.length} alert firings, ${((Date.now() - started) / 1000).toFixed(0)} s`
        );
        if (process.env.LAUNCHDAY_REVIEW_DOCS === '1') {
          // The biggest airing that overlaps the window (a binge drop may start before it).
          const main = s.titles
            .flatMap((t) => t.airings)
            .filter((a) => a.end > s.window.from && a.start < s.window.to)
            .sort((a, b) => b.peak - a.peak)[0];
          if (!main) continue;
          const out = makeTempDir('review-doc');
          const pages = reviewPages(r, main.event, out, 70);
          const docs = join(root, 'docs', 'review');
          mkdirSync(docs, { recursive: true });
          for (const page of pages) copyFileSync(join(out, page), join(docs, `${name}-${page}`));
        }
      } finally {
        await r.stop();
        save();
      }
    }
    save();
    console.log([...table, '', ...falses].join('\n'));
    assert.ok(table.length > 2);
  }
);
