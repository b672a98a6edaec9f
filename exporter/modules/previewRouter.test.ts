import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { isLocalPath, previewRouter } from './previewRouter';

async function serve(harnessDir: string) {
  const app = express().use(previewRouter(() => ({ now: 1, series: [], events: [] }), harnessDir));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function harness() {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-harness-'));
  writeFileSync(join(dir, 'index.html'), '<title>harness</title>');
  return dir;
}

test('/preview and /preview/ lead to the page with its data source, without a redirect loop', async () => {
  const { url, close } = await serve(harness());
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

test('the redirect keeps the other options of the address (kiosk, theme)', async () => {
  const { url, close } = await serve(harness());
  try {
    const res = await fetch(`${url}/preview?kiosk&theme=light`);
    const landed = new URL(res.url);
    assert.equal(landed.pathname, '/preview/');
    assert.ok(landed.searchParams.has('kiosk'));
    assert.equal(landed.searchParams.get('theme'), 'light');
    assert.equal(landed.searchParams.get('source'), '/api/v1/history');
  } finally {
    close();
  }
});

test('/preview/exec serves the page for the executive view, with or without the slash', async () => {
  const { url, close } = await serve(harness());
  try {
    for (const start of ['/preview/exec', '/preview/exec/?kiosk']) {
      const res = await fetch(`${url}${start}`);
      assert.equal(res.status, 200);
      assert.equal(new URL(res.url).pathname, '/preview/exec');
      assert.match(await res.text(), /harness/);
    }
  } finally {
    close();
  }
});

test('a source on another origin is refused with 400, before any page is served', async () => {
  const { url, close } = await serve(harness());
  try {
    for (const source of ['https://evil.example/h', '//evil.example/h', '/\\evil.example/h', 'data:,{}']) {
      for (const path of ['/preview/', '/preview', '/preview/exec']) {
        const res = await fetch(`${url}${path}?source=${encodeURIComponent(source)}`, { redirect: 'manual' });
        assert.equal(res.status, 400, `${path} ${source}`);
        assert.match(await res.text(), /must be a path on this exporter/);
      }
    }
  } finally {
    close();
  }
  assert.ok(isLocalPath('/api/v1/history'));
});

test('an unbuilt preview says which command builds it', async () => {
  const { url, close } = await serve(join(tmpdir(), 'launchday-no-harness'));
  try {
    for (const path of ['/preview/', '/preview/exec']) {
      const res = await fetch(`${url}${path}`);
      assert.equal(res.status, 503);
      assert.match(await res.text(), /npm run build:harness/);
    }
  } finally {
    close();
  }
});
