import type { UrlSourceConfig } from './config';
import type { SourceState } from './sourceState';
import { detectFormat } from './sourceText';
import { decodeCalendarBytes } from './calendarBytes';

const MAX_INTERVAL_MS = 24 * 3_600_000;

/**
 * A calendar published over HTTP(S), polled with conditional requests (ETag / If-Modified-Since). The
 * calendar's own REFRESH-INTERVAL or X-PUBLISHED-TTL sets the pace, never below the configured floor;
 * after a failure it retries at that floor. Validators are kept only from responses that parsed, so a
 * broken version is fetched again rather than answered 304 forever.
 */
export class HttpSource {
  private etag?: string;
  private lastModified?: string;
  private timer?: NodeJS.Timeout;
  private inFlight?: AbortController;
  private stopped = true;

  constructor(
    readonly state: SourceState,
    private readonly config: UrlSourceConfig
  ) {}

  /** One poll now (first load, SIGHUP or the timer); the next poll is planned from its outcome. */
  load(): Promise<void> {
    return this.state.serial(() => this.poll()).finally(() => this.schedule());
  }

  /** Starts polling after the first load; each poll schedules the next. */
  startPolling(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }

  /** Milliseconds until the next poll, from the last outcome. */
  nextDelay(): number {
    if (!this.state.status.ok) return this.config.minRefreshInterval;
    const stated = this.state.lastGood?.refreshIntervalMs;
    const wanted = stated ?? this.config.refreshInterval;
    return Math.min(MAX_INTERVAL_MS, Math.max(this.config.minRefreshInterval, wanted));
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), this.nextDelay());
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    const controller = new AbortController();
    this.inFlight = controller;
    const timeout = setTimeout(() => controller.abort(), this.config.timeout);
    try {
      const headers: Record<string, string> = {
        accept: 'text/calendar, application/yaml;q=0.9, application/json;q=0.9, */*;q=0.5',
        ...this.config.headers,
      };
      if (this.etag) headers['if-none-match'] = this.etag;
      if (this.lastModified) headers['if-modified-since'] = this.lastModified;
      const response = await fetch(this.config.url, { headers, signal: controller.signal, redirect: 'follow' });
      if (response.status === 304 && this.state.lastGood) {
        await response.body?.cancel();
        this.state.unchanged();
        return;
      }
      if (!response.ok) {
        await response.body?.cancel();
        this.state.fail([
          { source: this.state.status.name, message: `HTTP ${response.status} ${response.statusText}`.trim() },
        ]);
        return;
      }
      const text = await readCapped(response, this.config.maxBytes);
      if (text === undefined) {
        this.state.fail([
          { source: this.state.status.name, message: `response larger than ${this.config.maxBytes} bytes` },
        ]);
        return;
      }
      const format = detectFormat(text, { contentType: response.headers.get('content-type') ?? '' });
      if (await this.state.accept(text, format)) {
        this.etag = response.headers.get('etag') ?? undefined;
        this.lastModified = response.headers.get('last-modified') ?? undefined;
      }
    } catch (e) {
      const reason = controller.signal.aborted ? `no answer within ${this.config.timeout} ms` : describeFetchError(e);
      this.state.fail([{ source: this.state.status.name, message: `fetch failed: ${reason}` }]);
    } finally {
      clearTimeout(timeout);
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }
}

/** undici hides the useful part in `cause` (ECONNREFUSED, ENOTFOUND, certificate errors). */
function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return decodeCalendarBytes(Buffer.concat(chunks));
}
