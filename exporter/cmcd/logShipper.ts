import type { CmcdBatchResult } from './cmcdBatch';

export interface ShipperOptions {
  /** The exporter's base URL, e.g. http://127.0.0.1:9464. */
  target: string;
  format: 'nginx-cmcd';
  cdn?: string;
  token?: string;
  /** Below the exporter's ingest body limit (1 MiB by default). */
  maxBatchBytes?: number;
  signal?: AbortSignal;
  /** Each answered batch, for progress and per-line errors. */
  onResult?(result: CmcdBatchResult, firstLine: number): void;
  /** A retry after a failed attempt (exporter down, 429, 5xx). */
  onRetry?(reason: string, delayMs: number): void;
}

export interface ShipperTotals {
  lines: number;
  accepted: number;
  rejected: number;
  ignored: number;
  stale: number;
}

/** Refusals that retrying cannot fix: the tail stops with the exporter's message. */
export class ShipperRefused extends Error {}

/**
 * POSTs log lines to /v1/cdn-logs in batches, in order, retrying with backoff while the exporter is down
 * or shedding load. `ship` resolves once every line was answered, which is the follower's backpressure:
 * the log file is the buffer, so memory stays bounded however long the exporter is away.
 */
export function createLogShipper(options: ShipperOptions) {
  const maxBytes = options.maxBatchBytes ?? 512 * 1024;
  const url = new URL('/v1/cdn-logs', options.target);
  url.searchParams.set('format', options.format);
  if (options.cdn) url.searchParams.set('cdn', options.cdn);
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const totals: ShipperTotals = { lines: 0, accepted: 0, rejected: 0, ignored: 0, stale: 0 };

  const post = async (body: string, firstLine: number): Promise<void> => {
    for (let attempt = 0; !options.signal?.aborted; attempt++) {
      let retryAfterMs = Math.min(30_000, 500 * 2 ** attempt);
      let reason: string;
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: options.signal });
        const json = (await res.json().catch(() => ({}))) as Partial<CmcdBatchResult> & { error?: string };
        if (res.status === 200 || (res.status === 400 && json.rejected !== undefined)) {
          const result: CmcdBatchResult = {
            accepted: json.accepted ?? 0,
            rejected: json.rejected ?? 0,
            ignored: json.ignored ?? 0,
            stale: json.stale ?? 0,
            errors: json.errors ?? [],
          };
          totals.accepted += result.accepted;
          totals.rejected += result.rejected;
          totals.ignored += result.ignored;
          totals.stale += result.stale;
          options.onResult?.(result, firstLine);
          return;
        }
        if (res.status !== 429 && res.status < 500)
          throw new ShipperRefused(`${res.status}: ${json.error ?? res.statusText}`);
        reason = `HTTP ${res.status}`;
        const after = Number(res.headers.get('retry-after'));
        if (after > 0) retryAfterMs = Math.min(60_000, after * 1000);
      } catch (err) {
        if (err instanceof ShipperRefused || options.signal?.aborted) throw err;
        reason = (err as Error).message;
      }
      options.onRetry?.(reason, retryAfterMs);
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
    }
  };

  return {
    totals,
    /** Sends the lines in batches of at most maxBatchBytes; resolves when all were answered. */
    async ship(lines: string[]): Promise<void> {
      let batch: string[] = [];
      let bytes = 0;
      let first = totals.lines + 1;
      for (const line of lines) {
        const size = Buffer.byteLength(line) + 1;
        if (batch.length && bytes + size > maxBytes) {
          await post(batch.join('\n') + '\n', first);
          first += batch.length;
          batch = [];
          bytes = 0;
        }
        batch.push(line);
        bytes += size;
      }
      if (batch.length) await post(batch.join('\n') + '\n', first);
      totals.lines += lines.length;
    },
  };
}
