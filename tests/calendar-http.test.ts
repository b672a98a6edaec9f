import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { Registry } from 'prom-client';
import { calendarConfigSchema, createCalendarService } from '../exporter/calendar';

const ICS = readFileSync(join(__dirname, 'fixtures/calendar/google-wwe-raw.ics'), 'utf8');
const NOW = Date.parse('2025-01-10T12:00:00Z');
const SECRET_PATH = '/calendar/ical/private-7f3a9c2e51d04b/basic.ics';
const TOKEN = 'Bearer s3cr3t-calendar-token-0123456789';

/** A publisher like Google's: ETag and Last-Modified, 304 on a match, switchable failures. */
async function startPublisher() {
  const state = { body: ICS, etag: '"v1"', fail: 0, requests: [] as IncomingHttpHeaders[] };
  const server = createServer((req, res) => {
    state.requests.push(req.headers);
    if (req.url !== SECRET_PATH) return void res.writeHead(404).end();
    if (state.fail) return void res.writeHead(state.fail).end('upstream trouble');
    if (req.headers['if-none-match'] === state.etag) return void res.writeHead(304, { etag: state.etag }).end();
    res.writeHead(200, {
      'content-type': 'text/calendar; charset=utf-8',
      etag: state.etag,
      'last-modified': 'Fri, 10 Jan 2025 11:00:00 GMT',
    });
    res.end(state.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SECRET_PATH}`;
  return { state, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function service(url: string, extra: Record<string, unknown> = {}) {
  const logs: string[] = [];
  const sink = new Writable({ write: (c: Buffer, _e, done) => (logs.push(c.toString()), done()) });
  const registry = new Registry();
  const svc = createCalendarService({
    config: calendarConfigSchema.parse({
      sources: [
        {
          name: 'google',
          url,
          headers: { authorization: TOKEN },
          refreshInterval: '10m',
          minRefreshInterval: '50ms',
          ...extra,
        },
      ],
    }),
    logger: pino({ level: 'debug' }, sink),
    registry,
    onTitles: () => undefined,
    now: () => NOW,
  });
  const health = async () =>
    (await registry.getSingleMetric('launchday_calendar_last_reload_success')!.get()).values[0]?.value;
  return { svc, logs, registry, health };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('polling sends the ETag back, a 304 keeps the calendar and counts as success', async () => {
  const pub = await startPublisher();
  const { svc, health } = service(pub.url);
  try {
    await svc.start();
    assert.equal(svc.events().length, 3);
    await svc.reload();
    const second = pub.state.requests.at(-1)!;
    assert.equal(second['if-none-match'], '"v1"');
    assert.equal(second['if-modified-since'], 'Fri, 10 Jan 2025 11:00:00 GMT');
    assert.equal(second.authorization, TOKEN);
    assert.equal(svc.events().length, 3);
    assert.equal(await health(), 1);
    pub.state.body = ICS.replace('SUMMARY:WWE Raw\r\n', 'SUMMARY:WWE Monday Night Raw\r\n');
    pub.state.etag = '"v2"';
    await svc.reload();
    assert.ok(svc.events().some((e) => e.title === 'WWE Monday Night Raw'));
  } finally {
    svc.stop();
    await pub.close();
  }
});

test('a failing publisher keeps the last good calendar, then polling recovers on its own', async () => {
  const pub = await startPublisher();
  const { svc, health, logs } = service(pub.url);
  try {
    await svc.start();
    const good = svc.events();
    pub.state.fail = 503;
    await svc.reload();
    assert.equal(await health(), 0);
    assert.deepEqual(svc.events(), good);
    assert.match(logs.join(''), /HTTP 503/);
    // A broken body (200 with garbage) is refused too, and its ETag is not kept.
    pub.state.fail = 0;
    pub.state.body = 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n';
    pub.state.etag = '"broken"';
    await svc.reload();
    assert.equal(await health(), 0);
    assert.deepEqual(svc.events(), good);
    pub.state.body = ICS;
    pub.state.etag = '"v3"';
    // After a failure the poller retries at minRefreshInterval (50 ms here), not at the 10 min interval.
    await until(async () => (await health()) === 1, 'polling to recover');
    assert.notEqual(pub.state.requests.at(-1)!['if-none-match'], '"broken"');
  } finally {
    svc.stop();
    await pub.close();
  }
});

test("the calendar's REFRESH-INTERVAL sets the pace over the configured interval", async () => {
  const pub = await startPublisher();
  pub.state.body = ICS.replace('REFRESH-INTERVAL;VALUE=DURATION:PT15M', 'REFRESH-INTERVAL;VALUE=DURATION:PT1S');
  const { svc } = service(pub.url);
  try {
    await svc.start();
    const after = pub.state.requests.length;
    await until(() => pub.state.requests.length >= after + 2, 'two polls at the 1 s REFRESH-INTERVAL', 4000);
    assert.equal(pub.state.requests.at(-1)!['if-none-match'], '"v1"');
  } finally {
    svc.stop();
    await pub.close();
  }
});

test('an unreachable URL is reported without the URL, in logs, metrics, statuses and the API', async () => {
  const pub = await startPublisher();
  const { svc, logs, registry } = service(pub.url);
  const app = express().use(svc.router);
  const api = app.listen(0, '127.0.0.1');
  await new Promise((r) => api.once('listening', r));
  try {
    await svc.start();
    pub.state.fail = 500;
    await svc.reload();
    await pub.close(); // now nothing listens there at all
    await svc.reload();
    const base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const everything = [
      logs.join(''),
      await registry.metrics(),
      JSON.stringify(svc.statuses()),
      await (await fetch(`${base}/api/v1/calendar`)).text(),
      await (await fetch(`${base}/api/v1/capacity`)).text(),
    ].join('\n');
    assert.match(everything, /fetch failed: (ECONNREFUSED|UND_ERR_SOCKET|ECONNRESET)/);
    assert.doesNotMatch(everything, /^launchday_capacity_viewers /m, 'no capacity file: no capacity sample, not a 0');
    for (const secret of ['private-7f3a9c2e51d04b', 's3cr3t-calendar-token', pub.url])
      assert.ok(!everything.includes(secret), secret);
  } finally {
    svc.stop();
    api.close();
  }
});
