// `launchday tail` as a process: follows an nginx-cmcd access log across rotation, ships it to a real
// exporter's /v1/cdn-logs, waits out an exporter that is not up yet, and stops on a refused token.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cmcdModule } from '../exporter/cmcd';
import { startTestExporter } from '../exporter/testing/inProcessExporter';
import { metricSum } from './browser-cmcd/metricSum';
import { makeTempDir } from './support/componentProcess';
import { freePort } from './support/freePort';

const ROOT = join(__dirname, '..');
const TITLE = 'Launch Night Live';

/** A log line in the launchday_cmcd format, logged now. */
function logLine(status: number, segment: string, sid: string): string {
  const cmcd = encodeURIComponent(`cid="launch-night",ot=v,sid="${sid}",sta=p,v=2`);
  return `${(Date.now() / 1000).toFixed(3)} ${status} GET "127.0.0.1" "/hls/${segment}" "${cmcd}" "-" "-" "-" "-"\n`;
}

function startTail(file: string, target: string, extra: string[] = []) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...[join(ROOT, 'bin', 'launchday.cjs'), 'tail', file],
      ...['--format', 'nginx-cmcd', '--target', target, '--from-start', '--poll-ms', '50', ...extra],
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    stderr: () => stderr,
    exited,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function eventually(read: () => Promise<number>, expected: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

const config = { catalog: [TITLE], cmcd: { titles: { 'launch-night': TITLE } } };

test('tail ships every line across a rename rotation, and keeps logged sessions alive', async () => {
  const exporter = await startTestExporter(config, [cmcdModule]);
  const dir = makeTempDir('cmcd-tail');
  const log = join(dir, 'access.log');
  writeFileSync(log, logLine(200, 'seg000.ts', 'tail-1') + logLine(504, 'seg001.ts', 'tail-1'));
  const tail = startTail(log, exporter.url);
  try {
    const requests = async () =>
      metricSum(await (await fetch(`${exporter.url}/metrics`)).text(), 'launchday_segment_requests_total', {
        title: TITLE,
        cdn: 'origin',
      });
    assert.equal(await eventually(requests, 2), 2);
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, logLine(200, 'seg002.ts', 'tail-1')); // before the writer reopens
    writeFileSync(log, logLine(504, 'seg003.ts', 'tail-2') + logLine(200, 'seg004.ts', 'tail-2'));
    assert.equal(await eventually(requests, 5), 5, tail.stderr());
    assert.equal(exporter.state.sessions.size, 2);
    assert.equal(await tail.stop(), 0);
    assert.match(tail.stderr(), /5 lines shipped: 5 applied, 0 rejected/);
  } finally {
    await tail.stop();
    await exporter.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tail retries until the exporter is up, losing no line', async () => {
  const port = await freePort();
  const dir = makeTempDir('cmcd-tail');
  const log = join(dir, 'access.log');
  writeFileSync(log, logLine(504, 'seg000.ts', 'late-1'));
  const tail = startTail(log, `http://127.0.0.1:${port}`);
  try {
    const deadline = Date.now() + 10_000;
    while (!/retrying/.test(tail.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(tail.stderr(), /ECONNREFUSED|fetch failed/);
    appendFileSync(log, logLine(504, 'seg001.ts', 'late-1'));
    const exporter = await startTestExporter({ ...config, listen: `127.0.0.1:${port}` }, [cmcdModule]);
    try {
      const failures = async () =>
        metricSum(await (await fetch(`${exporter.url}/metrics`)).text(), 'launchday_segment_failures_total', {
          title: TITLE,
          status_class: '504',
        });
      assert.equal(await eventually(failures, 2), 2, tail.stderr());
    } finally {
      await tail.stop();
      await exporter.shutdown();
    }
  } finally {
    await tail.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tail stops with the exporter message when its token is refused', async () => {
  const exporter = await startTestExporter({ ...config, ingest: { tokens: ['the-right-token-0123456789'] } }, [
    cmcdModule,
  ]);
  const dir = makeTempDir('cmcd-tail');
  const log = join(dir, 'access.log');
  writeFileSync(log, logLine(200, 'seg000.ts', 'x'));
  const tail = startTail(log, exporter.url, ['--token', 'a-wrong-token-0123456789']);
  try {
    assert.equal(await tail.exited, 1);
    assert.match(tail.stderr(), /401: missing or invalid ingestion token/);
  } finally {
    await exporter.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
