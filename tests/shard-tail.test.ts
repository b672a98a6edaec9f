// `launchday tail` with one --target per shard: each log line goes to the shard that owns its session on
// nginx's ring (core/sharding), so the CDN-log path and nginx agree; lines without a session still count.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKetamaRing, shardIndexFor, shardServerOf } from '../core/sharding';
import { cmcdModule } from '../exporter/cmcd';
import { startTestExporter } from '../exporter/testing/inProcessExporter';
import { metricSum } from './browser-cmcd/metricSum';
import { makeTempDir } from './support/componentProcess';

const ROOT = join(__dirname, '..');
const TITLE = 'Launch Night Live';
const config = { catalog: [TITLE], cmcd: { titles: { 'launch-night': TITLE } } };

function logLine(segment: number, sid?: string): string {
  const cmcd = encodeURIComponent(`cid="launch-night",ot=v,${sid ? `sid="${sid}",` : ''}sta=p,v=2`);
  return `${(Date.now() / 1000).toFixed(3)} 200 GET "127.0.0.1" "/hls/seg${segment}.ts" "${cmcd}" "-" "-" "-" "-"`;
}

test('tail with three shards sends each session to its ring shard and every line to exactly one', async () => {
  const shards = await Promise.all([0, 1, 2].map(() => startTestExporter(config, [cmcdModule])));
  const dir = makeTempDir('shard-tail');
  const sids = Array.from({ length: 300 }, () => randomUUID());
  const log = join(dir, 'access.log');
  writeFileSync(
    log,
    [...sids.map((sid, i) => logLine(i, sid)), ...[0, 1, 2, 3, 4, 5].map((i) => logLine(900 + i))].join('\n') + '\n'
  );
  const targets = shards.flatMap((s) => ['--target', s.url]);
  const tail = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'launchday.cjs'),
      'tail',
      log,
      '--format',
      'nginx-cmcd',
      ...targets,
      '--from-start',
      '--poll-ms',
      '50',
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let stderr = '';
  tail.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => tail.once('exit', resolve));
  const requests = async () => {
    let total = 0;
    for (const s of shards)
      total += metricSum(await (await fetch(`${s.url}/metrics`)).text(), 'launchday_segment_requests_total', {
        title: TITLE,
      });
    return total;
  };
  try {
    for (const deadline = Date.now() + 15_000; (await requests()) < sids.length + 6 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 50));
    assert.equal(await requests(), sids.length + 6, stderr);
    const ring = buildKetamaRing(shards.map((s) => ({ server: shardServerOf(s.url) })));
    const misplaced = sids.filter((sid) => {
      const home = shardIndexFor(ring, sid)!;
      return shards.some((s, i) => (s.state.sessions.labelSetOf(sid) !== undefined) !== (i === home));
    });
    assert.deepEqual(misplaced, [], 'every session is on its ring shard and on no other');
    for (const s of shards) assert.ok(s.state.sessions.size > 50, `a shard holds ${s.state.sessions.size} sessions`);
    tail.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(stderr, new RegExp(`${sids.length + 6} lines shipped: ${sids.length + 6} applied`));
  } finally {
    tail.kill('SIGTERM');
    await Promise.all(shards.map((s) => s.shutdown()));
    rmSync(dir, { recursive: true, force: true });
  }
});
