import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RETRY, backoffCeilingSeconds, giveUpShare, returnKernel, returnedShare } from './reconnect';

const DATA = join(__dirname, '..', '..', '..', 'shared', 'data', 'launch-spikes');

test('backoff doubles up to its cap, and the last attempt gives up', () => {
  assert.equal(backoffCeilingSeconds(DEFAULT_RETRY, 1), 20);
  assert.equal(backoffCeilingSeconds(DEFAULT_RETRY, 2), 40);
  assert.equal(backoffCeilingSeconds(DEFAULT_RETRY, 10), 300);
  assert.equal(giveUpShare(DEFAULT_RETRY, DEFAULT_RETRY.maxAttempts), 1);
  assert.equal(giveUpShare(DEFAULT_RETRY, 1), DEFAULT_RETRY.giveUpProbability);
});

test('the return kernel sums to one and decreases', () => {
  const k = returnKernel(60, 90);
  assert.ok(Math.abs(k.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.ok(k.every((x, i) => i === 0 || x <= k[i - 1]!));
});

test(
  'returns follow the real OSRS re-login storms within 8 points (median over storms)',
  { skip: !existsSync(DATA) && 'needs ../shared/data/launch-spikes' },
  () => {
    const csv = readFileSync(join(DATA, 'osrs_players_5min_2020-11_2021-01.csv'), 'utf8').trim().split('\n').slice(1);
    // The file is US Pacific (PST, UTC-8) throughout.
    const rows = csv.map((line) => {
      const [when, count] = line.split(',');
      return { t: Date.parse(`${when!.replace(' ', 'T')}-08:00`), v: Number(count) };
    });
    const storms = readFileSync(join(DATA, 'events.csv'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('osrs') && l.endsWith('relogin'))
      .map((l) => Date.parse(l.split(',')[1]!));
    assert.ok(storms.length >= 5, 'the events file lists the storms');
    const recovered: number[][] = [];
    for (const t0 of storms) {
      const before = rows.filter((r) => r.t >= t0 - 30 * 60_000 && r.t < t0);
      const trough = rows.find((r) => r.t >= t0);
      if (!before.length || !trough) continue;
      const baseline = before.reduce((a, r) => a + r.v, 0) / before.length;
      const lost = baseline - trough.v;
      if (lost <= 0) continue;
      recovered.push(
        [5, 10, 15, 20, 25, 30].map((m) => {
          const r = rows.find((x) => x.t >= trough.t + m * 60_000);
          return r ? (r.v - trough.v) / lost : NaN;
        })
      );
    }
    [5, 10, 15, 20, 25, 30].forEach((minutes, i) => {
      const values = recovered
        .map((r) => r[i]!)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const median = values[Math.floor(values.length / 2)]!;
      const model = returnedShare(minutes);
      assert.ok(
        Math.abs(model - median) < 0.08,
        `${minutes} min: model ${model.toFixed(2)} vs real ${median.toFixed(2)}`
      );
    });
  }
);
