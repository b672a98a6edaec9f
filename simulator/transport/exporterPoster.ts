/**
 * Sends telemetry to the exporter's `POST /v1/events` as NDJSON bodies under the size limit. An
 * overloaded exporter (429, 503) is waited for, as its Retry-After says, and retried: nothing is
 * dropped silently. Lines the exporter rejects are counted and their first errors kept.
 */
export interface PosterOptions {
  /** Exporter base URL, e.g. http://127.0.0.1:9464 */
  target: string;
  /** Bytes per request body, under the exporter's limit (1 MiB by default). */
  maxBodyBytes?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  token?: string;
  /** Network errors in a row before giving up on a body (the run then fails, loudly). */
  maxNetworkRetries?: number;
  signal?: AbortSignal;
}

export interface PosterStats {
  requests: number;
  accepted: number;
  rejected: number;
  /** Times the exporter answered 429/503 and we waited. */
  throttled: number;
  bytes: number;
  firstErrors: string[];
}

export interface EventPoster {
  send(lines: string[]): Promise<void>;
  readonly stats: PosterStats;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Splits lines into NDJSON bodies of at most `maxBytes` each (a single longer line goes alone). */
export function packBodies(lines: string[], maxBytes: number): string[] {
  const bodies: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line) + 1;
    if (current.length && size + bytes > maxBytes) {
      bodies.push(current.join('\n') + '\n');
      current = [];
      size = 0;
    }
    current.push(line);
    size += bytes;
  }
  if (current.length) bodies.push(current.join('\n') + '\n');
  return bodies;
}

/** A poster for one exporter (one shard). */
export function createExporterPoster(options: PosterOptions): EventPoster {
  const url = new URL('/v1/events', options.target).toString();
  const maxBody = options.maxBodyBytes ?? 900 * 1024;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxRetries = options.maxNetworkRetries ?? 8;
  const stats: PosterStats = { requests: 0, accepted: 0, rejected: 0, throttled: 0, bytes: 0, firstErrors: [] };
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  async function post(body: string): Promise<void> {
    let failures = 0;
    for (;;) {
      if (options.signal?.aborted) return;
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body, signal: options.signal });
      } catch (error) {
        if (options.signal?.aborted) return;
        failures += 1;
        if (failures > maxRetries) throw new Error(`cannot reach ${url}: ${(error as Error).message}`);
        await sleep(Math.min(5000, 100 * 2 ** failures), options.signal);
        continue;
      }
      stats.requests += 1;
      if (response.status === 429 || response.status === 503) {
        stats.throttled += 1;
        await response.arrayBuffer();
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 500, options.signal);
        continue;
      }
      const text = await response.text();
      stats.bytes += Buffer.byteLength(body);
      let answer: { accepted?: number; rejected?: number; errors?: { line: number; error: string }[] } = {};
      try {
        answer = JSON.parse(text);
      } catch {
        // Not our exporter's JSON: counted below as an error with the status.
      }
      if (response.status >= 300 && response.status !== 400) {
        throw new Error(`${url} answered ${response.status}: ${text.slice(0, 200)}`);
      }
      stats.accepted += answer.accepted ?? 0;
      stats.rejected += answer.rejected ?? 0;
      for (const e of answer.errors ?? []) {
        if (stats.firstErrors.length < 5) stats.firstErrors.push(`line ${e.line}: ${e.error}`);
      }
      return;
    }
  }

  async function send(lines: string[]): Promise<void> {
    const bodies = packBodies(lines, maxBody);
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        await post(body);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  }

  return { send, stats };
}
