import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followFile } from './fileFollower';

function follow(fromStart: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-follow-'));
  const path = join(dir, 'access.log');
  const seen: string[] = [];
  const errors: Error[] = [];
  const start = () =>
    followFile(path, {
      fromStart,
      pollMs: 10,
      onLines: async (lines) => void seen.push(...lines),
      onError: (err) => void errors.push(err),
    });
  return { dir, path, seen, errors, start, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('hands over complete lines only, and the rest once its newline arrives', async () => {
  const f = follow(true);
  writeFileSync(f.path, 'one\ntwo\nthr');
  const follower = f.start();
  await follower.idle();
  assert.deepEqual(f.seen, ['one', 'two']);
  appendFileSync(f.path, 'ee\n');
  await follower.idle();
  assert.deepEqual(f.seen, ['one', 'two', 'three']);
  await follower.stop();
  assert.deepEqual(f.errors, []);
  f.cleanup();
});

test('without fromStart, only lines appended after the start are read', async () => {
  const f = follow(false);
  writeFileSync(f.path, 'old\n');
  const follower = f.start();
  await follower.idle();
  appendFileSync(f.path, 'new\n');
  await follower.idle();
  await follower.stop();
  assert.deepEqual(f.seen, ['new']);
  f.cleanup();
});

test('follows a rename rotation: drains the old file, then reads the new one from its start', async () => {
  const f = follow(true);
  writeFileSync(f.path, 'a\n');
  const follower = f.start();
  await follower.idle();
  renameSync(f.path, `${f.path}.1`);
  appendFileSync(`${f.path}.1`, 'b\n'); // the writer has not reopened yet
  writeFileSync(f.path, 'c\n');
  await follower.idle();
  await follower.idle();
  await follower.stop();
  assert.deepEqual(f.seen, ['a', 'b', 'c']);
  f.cleanup();
});

test('starts again at 0 after copytruncate', async () => {
  const f = follow(true);
  writeFileSync(f.path, 'first line\n');
  const follower = f.start();
  await follower.idle();
  truncateSync(f.path, 0);
  await follower.idle();
  appendFileSync(f.path, 'x\n');
  await follower.idle();
  await follower.stop();
  assert.deepEqual(f.seen, ['first line', 'x']);
  f.cleanup();
});

test('waits for a file that does not exist yet', async () => {
  const f = follow(false);
  const follower = f.start();
  await new Promise((r) => setTimeout(r, 30));
  writeFileSync(f.path, 'hello\n');
  await follower.idle();
  await follower.stop();
  assert.deepEqual(f.seen, ['hello']);
  f.cleanup();
});
