import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { previewRouter } from './previewRouter';

async function serve(harnessDir: string) {
  const app = express().use(previewRouter(() => ({ now: 1, series: [], events: [] }), harnessDir));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test('/preview and /preview/ lead to the page with its data source, without a redirect loop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-harness-'));
  writeFileSync(join(dir, 'index.html'), '<title>harness</title>');
  const { url, close } = await serve(dir);
  try {
    for (const start of ['/preview', '/preview/']) {
      const res = await fetch(`${url}${start}`);
      assert.equal(res.status, 200);
      assert.equal(new URL(res.url).pathname, '/preview/');
      assert.equal(new URL(res.url).searchParams.get('source'), '/api/v1/history');
      assert.match(await res.text(), /harness/);
    }
    const history = await (await fetch(`${url}/api/v1/history`)).json();
    assert.deepEqual(history, { now: 1, series: [], events: [] });
  } finally {
    close();
  }
});

test('an unbuilt preview says which command builds it', async () => {
  const { url, close } = await serve(join(tmpdir(), 'launchday-no-harness'));
  try {
    const res = await fetch(`${url}/preview/`);
    assert.equal(res.status, 503);
    assert.match(await res.text(), /npm run build:harness/);
  } finally {
    close();
  }
});
