import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLaunchNight, type ModelFrame } from '../model/launchNight';
import { modelBreaches } from './breachWindows';
import { loadScenario, parseScenario, scenarioNames } from './loadScenario';
import { scenarioPlan } from './scenarioPlan';
import { compareWithTruth } from './truthCheck';

const MIN = 60_000;

test('the seven seed-incident scenarios ship', () => {
  assert.deepEqual(scenarioNames(), [
    'casa-de-papel-p4',
    'got-s7e1-ocs',
    'got-s7e7-finale-ocs',
    'luke-cage-netflix',
    'nfl-christmas-2024',
    'tyson-paul-live',
    'wwe-raw-weekly',
  ]);
});

for (const name of scenarioNames()) {
  test(`${name}: the model breaches its SLOs inside the stated failure windows, and only there`, () => {
    const scenario = loadScenario(name);
    const plan = scenarioPlan(scenario);
    const night = createLaunchNight(plan);
    const frames: ModelFrame[] = [];
    for (let f = night.step(); f; f = night.step()) frames.push(f);
    const breaches = modelBreaches(scenario, frames, night.groups, plan.stepSeconds * 1000);
    const report = compareWithTruth(scenario.failures, breaches, 15 * MIN);
    assert.deepEqual(report.missed, [], 'every failure window shows a breach');
    assert.deepEqual(report.unexpected, [], 'no breach outside the failure windows');
  });

  test(`${name}: the served audience peaks where the scenario says`, () => {
    const scenario = loadScenario(name);
    const night = createLaunchNight(scenarioPlan(scenario));
    let peak = { t: 0, watching: 0 };
    for (let f = night.step(); f; f = night.step()) if (f.watching > peak.watching) peak = f;
    assert.ok(Math.abs(peak.t - scenario.peak.at) <= 20 * MIN, `peak at ${new Date(peak.t).toISOString()}`);
    assert.ok(
      Math.abs(peak.watching / scenario.peak.viewers - 1) <= 0.1,
      `peak ${Math.round(peak.watching)} vs ${scenario.peak.viewers}`
    );
  });
}

test('a Tyson-Paul night reaches 65M concurrent viewers', () => {
  assert.equal(loadScenario('tyson-paul-live').peak.viewers, 65_000_000);
});

test('a broken scenario file is refused with the field and the reason', () => {
  assert.throws(() => parseScenario('name: x\n', 'bad.yaml'), /bad\.yaml: invalid scenario[\s\S]*window/);
  assert.throws(() => parseScenario(': : :\n  - [', 'torn.yaml'), /torn\.yaml: not YAML/);
  const good = loadScenario('wwe-raw-weekly');
  const text = JSON.stringify({ ...good, window: { from: '2025-01-06T18:30:00', to: '2025-01-07T00:30:00-05:00' } });
  assert.throws(() => parseScenario(text, 'local.yaml'), /window\.from: not an ISO 8601 instant with an offset/);
});

test('an unknown scenario name lists the shipped ones', () => {
  assert.throws(() => loadScenario('nope'), /no scenario "nope" \(shipped: casa-de-papel-p4, /);
});
