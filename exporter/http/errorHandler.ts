import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
}

/** Body-parser and route errors become a JSON answer with the right status; the process never dies. */
export function errorHandler(logger: Logger, onRefused: (status: number) => void): ErrorRequestHandler {
  return (err: HttpError, req, res, _next) => {
    const status = err.status ?? err.statusCode ?? 500;
    if (status >= 500) logger.error({ err, path: req.path }, 'request failed');
    onRefused(status);
    const message =
      err.type === 'entity.too.large'
        ? 'request body is over the ingestion limit; send smaller batches'
        : status >= 500
          ? 'internal error'
          : (err.message ?? 'bad request');
    if (!res.headersSent) res.status(status).json({ error: message });
  };
}
