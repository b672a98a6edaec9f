// Fuzz targets that go through the real exporter's routes (every module plugged in, a token set),
// with the client's own tally of what it was told, to compare with the exporter's counters at the end.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ChildMessage, StallWindow } from './exporterChild';
import { acceptHeader, cdnLogBody, cmcdBody, eventsBody, getPath } from './inputs';
import type { FuzzTarget } from './parserTargets';

export const TOKEN = 'fuzz-token-0123456789abcdef';
type Source = 'events' | 'cmcd' | 'cdn_logs';

const authorization = fc.oneof(
  { weight: 12, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'Bearer',
      'Bearer wrong-token-wrong-token',
      `Basic ${TOKEN}`,
      `Bearer ${'x'.repeat(10_000)}`
    ),
  }
);

/** What the client was told, summed over the run. */
export interface ClientTally {
  accepted: number;
  rejected: number;
  /** Non-2xx answers, by ingestion path: each is one refused request in the exporter's counters. */
  refused: Record<Source, number>;
  byStatus: Map<number, number>;
}

export interface HttpFuzz {
  targets: FuzzTarget[];
  /** Differences between the client's tally and the exporter's counters, as sentences (none when equal). */
  compareCounters(): Promise<string[]>;
  tally: ClientTally;
  /** The exporter's heap used after a full GC, in its own process: when it started and now (before teardown). */
  exporterHeap(): Promise<{ startMb: number; endMb: number } | undefined>;
}

function sumOf(text: string, metric: string, source: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) || !line.includes(`source="${source}"`)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** The exporter in its own process (exporterChild.ts), with its stall windows and heap over IPC. */
export class ExporterChild {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string
  ) {}

  static async start(): Promise<ExporterChild> {
    const child = fork(join(__dirname, 'exporterChild.ts'), [TOKEN], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`the fuzz's exporter exited (${String(code)}) before listening`);
    });
    const listening = once(child, 'message').then(([m]) => (m as Extract<ChildMessage, { type: 'listening' }>).url);
    const url = await Promise.race([listening, exited]);
    return new ExporterChild(child, url);
  }

  /** Sends `type` and waits for the answer of the same type (the child answers in order). */
  private async ask<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    const answer = new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type !== type) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(m as Extract<ChildMessage, { type: T }>);
      };
      const onExit = () => reject(new Error(`the fuzz's exporter exited (${this.child.exitCode}) mid-run`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
    this.child.send({ type });
    return answer;
  }

  window = (): Promise<StallWindow> => this.ask('window');
  heapMb = async (): Promise<number> => (await this.ask('heap')).mb;

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.disconnect(); // the child shuts down on it
    await exited;
  }
}

export function httpTargets(): HttpFuzz {
  let exporter: ExporterChild | undefined;
  let baseline = '';
  let heapStartMb = NaN;
  const tally: ClientTally = {
    accepted: 0,
    rejected: 0,
    refused: { events: 0, cmcd: 0, cdn_logs: 0 },
    byStatus: new Map(),
  };
  const url = () => exporter!.url;

  /** One request; a 5xx, a missing security header or a dead server is a finding (thrown). */
  async function send(path: string, init: RequestInit, source?: Source): Promise<Response | undefined> {
    let response: Response;
    try {
      response = await fetch(`${url()}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      // The client could not form or finish the request: fine unless the server has gone.
      const alive = await fetch(`${url()}/healthz`).then(
        (r) => r.ok,
        () => false
      );
      if (!alive) throw new Error(`the exporter stopped answering after ${init.method ?? 'GET'} ${path}: ${String(e)}`);
      return undefined;
    }
    tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
    // The one designed 5xx: /preview/ before `npm run build:harness` (exporter/modules/previewRouter.ts).
    const designed = response.status === 503 && path.startsWith('/preview');
    if (response.status >= 500 && !designed)
      throw new Error(
        `${init.method ?? 'GET'} ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`
      );
    if (response.headers.get('x-content-type-options') !== 'nosniff') throw new Error(`${path}: no nosniff header`);
    if (source && !response.ok) tally.refused[source]++;
    return response;
  }

  const setup = async () => {
    if (exporter) return;
    exporter = await ExporterChild.start();
    baseline = await (await fetch(`${url()}/metrics`)).text();
    heapStartMb = await exporter.heapMb();
  };
  const teardown = async () => {
    await exporter?.stop();
    exporter = undefined;
  };
  // Each HTTP target's stalls are the exporter's own, read from its process at the target's end.
  const stalls = { start: () => exporter!.window().then(() => undefined), stop: () => exporter!.window() };

  const events: FuzzTarget<[{ contentType: string; body: string }, string]> = {
    name: 'POST /v1/events',
    input: fc.tuple(eventsBody, authorization),
    weight: 3,
    setup,
    async check([{ contentType, body }, auth]) {
      const headers: Record<string, string> = { authorization: auth };
      if (contentType) headers['content-type'] = contentType;
      const response = await send('/v1/events', { method: 'POST', headers, body }, 'events');
      if (!response || (response.status !== 200 && response.status !== 400)) return;
      const answer = (await response.json().catch(() => ({}))) as { accepted?: unknown; rejected?: unknown };
      if (typeof answer.accepted === 'number') tally.accepted += answer.accepted;
      if (typeof answer.rejected === 'number') tally.rejected += answer.rejected;
    },
  };
  const cmcd: FuzzTarget<[{ contentType: string; body: string }, string]> = {
    name: 'POST /v1/cmcd',
    input: fc.tuple(cmcdBody, authorization),
    weight: 1.5,
    setup,
    async check([{ contentType, body }, auth]) {
      await send(
        '/v1/cmcd',
        { method: 'POST', headers: { 'content-type': contentType, authorization: auth }, body },
        'cmcd'
      );
    },
  };
  const cdnLogs: FuzzTarget<[{ contentType: string; body: string; cdn: string }, string]> = {
    name: 'POST /v1/cdn-logs',
    input: fc.tuple(cdnLogBody, authorization),
    weight: 1.5,
    setup,
    async check([{ contentType, body, cdn }, auth]) {
      const path = `/v1/cdn-logs?cdn=${encodeURIComponent(cdn)}`;
      await send(
        path,
        { method: 'POST', headers: { 'content-type': contentType, authorization: auth }, body },
        'cdn_logs'
      );
    },
  };
  const reads: FuzzTarget<[string, string, string]> = {
    name: 'GET every other route',
    input: fc.tuple(getPath, acceptHeader, fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'OPTIONS', 'DELETE', 'PUT')),
    weight: 1,
    setup,
    async check([path, accept, method]) {
      // Only the /v1 guard (401, 429) counts a refused request here; a 404 is no ingestion refusal.
      const response = await send(path, { method, headers: accept ? { accept } : {} });
      const guarded = response && (response.status === 401 || response.status === 429);
      const route = path.split('?')[0]!;
      if (guarded && route.startsWith('/v1'))
        tally.refused[
          route.startsWith('/v1/cmcd') ? 'cmcd' : route.startsWith('/v1/cdn-logs') ? 'cdn_logs' : 'events'
        ]++;
    },
  };

  const compareCounters = async (): Promise<string[]> => {
    const now = await (await fetch(`${url()}/metrics`)).text();
    const delta = (metric: string, source: string) => sumOf(now, metric, source) - sumOf(baseline, metric, source);
    const problems: string[] = [];
    const expect = (what: string, exporterSays: number, clientSays: number) => {
      if (exporterSays !== clientSays)
        problems.push(`${what}: the exporter counted ${exporterSays}, the client was told ${clientSays}`);
    };
    expect('events accepted (source="events")', delta('launchday_events_accepted_total', 'events'), tally.accepted);
    expect('events rejected (source="events")', delta('launchday_events_rejected_total', 'events'), tally.rejected);
    for (const source of ['events', 'cmcd', 'cdn_logs'] as const)
      expect(
        `requests refused (source="${source}")`,
        delta('launchday_ingest_requests_refused_total', source),
        tally.refused[source]
      );
    return problems;
  };

  return {
    targets: [events, cmcd, cdnLogs, { ...reads, teardown }].map((t) => ({ ...t, stalls })) as FuzzTarget[],
    compareCounters,
    tally,
    exporterHeap: async () => (exporter ? { startMb: heapStartMb, endMb: await exporter.heapMb() } : undefined),
  };
}
