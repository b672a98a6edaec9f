import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './support/componentProcess';
import { freePort } from './support/freePort';
import { waitForHttp } from './support/waitForHttp';

// A deploy in the middle of a premiere: SIGTERM saves the session table, the next process restores it.
const bin = join(__dirname, '..', 'bin', 'launchday.cjs');

async function startServe(dir: string, configFile?: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      bin,
      'serve',
      '--listen',
      `127.0.0.1:${port}`,
      '--state-file',
      join(dir, 'sessions.ndjson'),
      '--log-level',
      'info',
      ...(configFile ? ['--config', configFile] : []),
    ],
    {
      env: { ...process.env, LAUNCHDAY_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  await waitForHttp(`${url}/readyz`, 20_000, () => child.exitCode === null);
  return { url, child, log: () => log };
}

async function viewers(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('launchday_concurrent_viewers{'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

test('SIGTERM saves the session table and a restart restores the sessions still within their TTL', async () => {
  const dir = makeTempDir('restart');
  const first = await startServe(dir);
  const events = Array.from({ length: 50 }, (_, i) =>
    JSON.stringify({ type: 'heartbeat', sid: `s${i}`, title: 'T', state: 'playing', weight: 2 })
  );
  await fetch(`${first.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: events.join('\n'),
  });
  assert.equal(await viewers(first.url), 100);
  first.child.kill('SIGTERM');
  const [code] = await once(first.child, 'exit');
  assert.equal(code, 0);
  assert.match(readFileSync(join(dir, 'sessions.ndjson'), 'utf8'), /"count":50/);

  const second = await startServe(dir);
  try {
    assert.equal(await viewers(second.url), 100, 'the viewer gauge survives the deploy');
  } finally {
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  }
});

test('a torn state file is reported and ignored, never fatal', async () => {
  const dir = makeTempDir('torn');
  writeFileSync(
    join(dir, 'sessions.ndjson'),
    '{"format":"launchday-sessions/1","savedAt":1}\n["s1",["T","unknown","unknown","unkn'
  );
  const server = await startServe(dir);
  try {
    assert.equal(await viewers(server.url), 0);
    assert.match(server.log(), /torn or corrupt/);
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }
});

test('on SIGTERM a request already in flight finishes, and its sessions are in the saved table', async () => {
  const dir = makeTempDir('inflight');
  const server = await startServe(dir);
  const { port } = new URL(server.url);
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/events',
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }
    );
    req.on('error', reject);
    // Half the batch now, SIGTERM, then the rest: the deploy lands in the middle of the request.
    req.write(JSON.stringify({ type: 'heartbeat', sid: 'late-1', title: 'T', state: 'playing' }) + '\n');
    void sleep(200).then(async () => {
      server.child.kill('SIGTERM');
      await sleep(300);
      req.end(JSON.stringify({ type: 'heartbeat', sid: 'late-2', title: 'T', state: 'playing' }) + '\n');
    });
  });
  const { status, body } = await answer;
  assert.equal(status, 200);
  assert.equal(JSON.parse(body).accepted, 2);
  const [code] = await once(server.child, 'exit');
  assert.equal(code, 0);
  const next = await startServe(dir);
  try {
    assert.equal(await viewers(next.url), 2, 'both halves of the batch were saved');
  } finally {
    next.child.kill('SIGTERM');
    await once(next.child, 'exit');
  }
});

const post = (url: string, lines: string[]) =>
  fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: lines.join('\n'),
  });
const heartbeats = (n: number, state = 'playing') =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ type: 'heartbeat', sid: `s${i}`, title: 'T', state }));

test('after a SIGKILL the restart restores the last periodic checkpoint', async () => {
  const dir = makeTempDir('sigkill');
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'heartbeatIntervalSeconds: 1\nsessionTtlSeconds: 120\n'); // a checkpoint every second
  const first = await startServe(dir, config);
  await post(first.url, heartbeats(500));
  await sleep(2500);
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  const second = await startServe(dir, config);
  try {
    assert.equal(await viewers(second.url), 500);
  } finally {
    second.child.kill('SIGKILL');
    await once(second.child, 'exit');
  }
});

test('a restored state file is not restored again: sessions ended since are not counted twice', async () => {
  const dir = makeTempDir('once');
  const first = await startServe(dir);
  await post(first.url, heartbeats(100));
  first.child.kill('SIGTERM');
  await once(first.child, 'exit');
  const second = await startServe(dir);
  assert.equal(await viewers(second.url), 100);
  assert.equal(existsSync(join(dir, 'sessions.ndjson')), false, 'moved aside once restored');
  await post(second.url, heartbeats(50, 'ended'));
  second.child.kill('SIGKILL'); // before any checkpoint (every 10 s by default)
  await once(second.child, 'exit');
  const third = await startServe(dir);
  try {
    assert.equal(await viewers(third.url), 0, 'the 100 restored once are not restored again');
  } finally {
    third.child.kill('SIGTERM');
    await once(third.child, 'exit');
  }
});
