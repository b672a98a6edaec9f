import type { IncomingMessage, ServerResponse } from 'node:http';
import { ingestNdjsonInSlices } from '../ingest/ingestNdjson';
import type { IngestLedger } from '../ingest/ingestLedger';
import type { TelemetryState } from '../state/telemetryState';
import { batchFormat } from './batchBody';
import { tokenCheck } from './bearerAuth';
import { isReservedSocket } from './httpServer';
import { ingestAnswer } from './ingestRoute';
import { SECURITY_HEADERS } from './securityHeaders';

export interface FastPathParts {
  state: TelemetryState;
  ledger: IngestLedger;
  tokens: readonly string[];
  /** The load-shedding budget and the lag it is compared with. */
  lagBudgetMs: number;
  lagMs: () => number;
  bodyLimitBytes: number;
}

/**
 * `POST /v1/events` with an NDJSON body, answered without express: on this machine express 5 cost
 * ~300 us of CPU per request before the route ran (a bare node:http server: ~80 us), which at 500
 * events a request was as much as ingesting them. It takes only a request whose every check passes
 * as the express route's would (not a reserved socket, token good, lag within budget, NDJSON,
 * Content-Length within the limit, no Content-Encoding); anything else, refusals included, goes on to
 * express, which answers and counts it as before. The answer is the route's (ingestAnswer), with the
 * same headers. Returns whether it took the request.
 */
export function ingestFastPath(parts: FastPathParts): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowed = tokenCheck(parts.tokens);
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/events') return false;
    const headers = req.headers;
    const length = Number(headers['content-length']);
    if (!(length >= 0 && length <= parts.bodyLimitBytes) || headers['transfer-encoding'] !== undefined) return false;
    if (headers['content-encoding'] !== undefined && headers['content-encoding'] !== 'identity') return false;
    if (batchFormat(headers['content-type']) !== 'ndjson' || isReservedSocket(req.socket)) return false;
    if (!allowed(headers.authorization) || parts.lagMs() > parts.lagBudgetMs) return false;
    readBody(
      req,
      length,
      (body, pooled) => void answer(body, res, parts).finally(() => bodies.put(pooled)),
      () => parts.ledger.refuseRequest(400)
    );
    return true;
  };
}

/**
 * The whole body (Content-Length bytes; node's parser holds a request to it) in one Buffer. A client
 * gone mid-body is counted as raw-body counts it on the express route (a 400 refusal).
 */
function readBody(
  req: IncomingMessage,
  length: number,
  done: (body: Buffer, pooled: Buffer) => void,
  aborted: () => void
): void {
  const pooled = bodies.take(length);
  let filled = 0;
  req.on('data', (chunk: Buffer) => {
    filled += chunk.copy(pooled, filled);
  });
  req.on('end', () => done(pooled.subarray(0, filled), pooled));
  req.on('error', () => undefined); // the socket is gone: 'close' below counts it
  req.on('close', () => {
    if (!req.complete) aborted();
  });
}

async function answer(body: Buffer, res: ServerResponse, parts: FastPathParts): Promise<void> {
  const result = await ingestNdjsonInSlices(body, parts.state, parts.ledger, Date.now());
  const { status, body: json } = ingestAnswer(result, parts.ledger);
  const text = JSON.stringify(json);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Body buffers used again once their batch is applied (nothing keeps a reference: the state copies
 * what it keeps). A fresh 68 KB buffer per request was external memory freed only at the next
 * GCs: ~22 MB of garbage bodies in RSS during a bench:ingest run.
 */
class BodyPool {
  private readonly free: Buffer[] = [];

  take(length: number): Buffer {
    for (let i = this.free.length - 1; i >= 0; i--) {
      const buf = this.free[i]!;
      if (buf.length >= length) {
        this.free.splice(i, 1);
        return buf;
      }
    }
    return Buffer.allocUnsafe(length <= POOLED_BYTES ? Math.max(length, MIN_POOLED_BYTES) : length);
  }

  put(buf: Buffer): void {
    if (buf.length <= POOLED_BYTES && this.free.length < POOLED_BUFFERS) this.free.push(buf);
  }
}
/** At most this many buffers of at most this size are kept (a few MiB whatever the load). */
const POOLED_BUFFERS = 16;
const POOLED_BYTES = 256 * 1024;
const MIN_POOLED_BYTES = 128 * 1024;
const bodies = new BodyPool();
