import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { postEvents, startTestExporter } from '../testing/inProcessExporter';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_INGEST_IN_FLIGHT, DEFAULT_SLOW_BODY_MS, IngestAdmission } from './ingestAdmission';

const hb = JSON.stringify({ type: 'heartbeat', sid: 's1', title: 'T', state: 'playing' });

/** A POST whose headers arrive and whose body does not (yet): in flight on the exporter. */
async function heldPost(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.write(
    `POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${hb.length + 1}\r\n\r\n${hb.slice(0, 10)}`
  );
  return socket;
}

test('past the ingestion requests in flight a new one is a 429 with Retry-After at once; scrapes are never shed; a slow body stops counting', async () => {
  // Lag and queueing-delay shedding off (their own tests): this one is about the bound on requests in flight.
  const exporter = await startTestExporter({ catalog: ['T'], ingest: { lagBudgetMs: 10_000 } });
  const held: Socket[] = [];
  try {
    // All at once: a held request counts for DEFAULT_SLOW_BODY_MS after its arrival, no longer.
    held.push(
      ...(await Promise.all(Array.from({ length: DEFAULT_MAX_INGEST_IN_FLIGHT }, () => heldPost(exporter.url))))
    );
    await sleep(200); // the exporter has read every held request's headers
    const shed = await postEvents(exporter.url, hb);
    assert.equal(shed.status, 429);
    assert.equal(shed.headers.get('retry-after'), '1');
    assert.match(String(shed.json.error), /64 ingestion requests are in flight already/);
    assert.equal(shed.headers.get('x-content-type-options'), 'nosniff', 'the cheap 429 has the security headers');
    assert.equal((await fetch(`${exporter.url}/metrics`)).status, 200, '/metrics is never shed');
    assert.equal((await fetch(`${exporter.url}/healthz`)).status, 200, '/healthz is never shed');
    const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
    assert.match(metrics, /launchday_ingest_requests_refused_total\{source="events",code="429"\} 1/);

    // Bodies still arriving after DEFAULT_SLOW_BODY_MS are slow clients, not queued work.
    await sleep(DEFAULT_SLOW_BODY_MS + 100);
    assert.equal((await postEvents(exporter.url, hb)).status, 200);

    // Once the held requests finish, they are answered and no longer count.
    for (const s of held) s.write(`${hb.slice(10)}\n`);
    await sleep(50);
    for (let i = 0; i < DEFAULT_MAX_INGEST_IN_FLIGHT + 2; i++)
      assert.equal((await postEvents(exporter.url, hb)).status, 200);
  } finally {
    for (const s of held) s.destroy();
    await exporter.shutdown();
  }
});

test('a growing share of requests is shed past a 20 ms standing queue: none at 20, half at 40, all from 60; none while nothing waits', () => {
  const admitted = (waitedMs: number) => {
    const admission = new IngestAdmission({ queueDelayMs: () => waitedMs, max: 1000 });
    let n = 0;
    for (let i = 0; i < 100; i++) {
      const [req, res] = [
        new EventEmitter() as unknown as IncomingMessage,
        new EventEmitter() as unknown as ServerResponse,
      ];
      if (admission.admit(req, res)) n++;
      res.emit('close'); // answered at once: only the wait decides, never the count in flight
    }
    return { n, reason: admission.lastReason };
  };
  assert.equal(admitted(0).n, 100);
  assert.equal(admitted(20).n, 100);
  const half = admitted(40).n;
  assert.ok(Math.abs(half - 50) <= 1, `${half} of 100 admitted at 40 ms (50, give or take one for float rounding)`);
  assert.equal(admitted(50).n, 25);
  assert.deepEqual(admitted(60), {
    n: 0,
    reason: 'requests have waited 60 ms or more for the event loop over the last 100 ms (shedding from 20 ms)',
  });
  assert.equal(admitted(500).n, 0);
});
