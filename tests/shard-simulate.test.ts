// `launchday simulate --target A --target B --target C`: the CLI sends each simulated session to its
// shard on nginx's ring, and to no other.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKetamaRing, shardIndexFor, shardServerOf } from '../core/sharding';
import { startTestExporter } from '../exporter/testing/inProcessExporter';
import { loadScenario } from '../simulator/scenario/loadScenario';
import { scenarioLabels } from '../simulator/scenario/scenarioExporterConfig';

const ROOT = join(__dirname, '..');

test('simulate with three --target shards puts every session on its ring shard only', async () => {
  const labels = scenarioLabels(loadScenario('tyson-paul-live'));
  const config = { catalog: labels.catalog, allow: { cdn: labels.cdn, region: labels.region, device: labels.device } };
  const shards = await Promise.all([0, 1, 2].map(() => startTestExporter(config)));
  try {
    // Asynchronously: the shards run in this process and must answer while the simulator sends.
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'launchday.cjs'),
        'simulate',
        ...['--scenario', 'tyson-paul-live', '--start', 'now', '--duration', '10m', '--speed', '600'],
        ...['--max-sessions', '1500', ...shards.flatMap((s) => ['--target', s.url])],
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(status, 0, stderr);
    assert.match(stderr, /0 rejected/);
    const ring = buildKetamaRing(shards.map((s) => ({ server: shardServerOf(s.url) })));
    let seen = 0;
    const misplaced: string[] = [];
    for (let serial = 0; serial < 5000; serial++) {
      const sid = `sim1-${serial.toString(36)}`;
      const holders = shards.flatMap((s, i) => (s.state.sessions.labelSetOf(sid) !== undefined ? [i] : []));
      if (holders.length === 0) continue;
      seen += 1;
      if (holders.length > 1 || holders[0] !== shardIndexFor(ring, sid))
        misplaced.push(`${sid} on ${holders.join(',')}`);
    }
    assert.ok(seen > 100, `only ${seen} sessions live after the run`);
    assert.deepEqual(misplaced, []);
    for (const s of shards) assert.ok(s.state.sessions.size > seen / 10, 'every shard holds a share');
  } finally {
    await Promise.all(shards.map((s) => s.shutdown()));
  }
});
