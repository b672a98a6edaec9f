import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { ingestSourceOf, type IngestSource } from '../ingest/ingestLedger';

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
}

/**
 * Body-parser and route errors become a JSON answer with the right status; the process never dies.
 * Only an ingestion route's refusal is counted, under its source: a bad calendar query or a failed
 * scrape is not an ingestion refusal.
 */
export function errorHandler(
  logger: Logger,
  onRefused: (status: number, source: IngestSource) => void
): ErrorRequestHandler {
  return (err: HttpError, req, res, _next) => {
    const status = err.status ?? err.statusCode ?? 500;
    if (status >= 500) logger.error({ err, path: req.path }, 'request failed');
    const source = ingestSourceOf(req.path);
    if (source !== undefined) onRefused(status, source);
    const message =
      err.type === 'entity.too.large'
        ? 'request body is over the ingestion limit; send smaller batches'
        : status >= 500
          ? 'internal error'
          : (err.message ?? 'bad request');
    if (!res.headersSent) res.status(status).json({ error: message });
  };
}
