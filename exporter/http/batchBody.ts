import express, { type RequestHandler } from 'express';
import type { BatchFormat } from '../ingest/parseBatch';

const FORMATS: Record<string, BatchFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
};

/** The batch format a request declares, or undefined for a type ingestion does not take. */
export function batchFormat(contentType: string | undefined): BatchFormat | undefined {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return FORMATS[mime];
}

/** Refuses unknown content types with 415, then reads the raw body within the limit (413 past it). */
export function batchBody(limitBytes: number, onRefused: (status: number) => void): RequestHandler[] {
  const typeCheck: RequestHandler = (req, res, next) => {
    if (batchFormat(req.get('content-type'))) return next();
    onRefused(415);
    res.status(415).json({
      error: `unsupported content type "${req.get('content-type') ?? ''}": send application/json (an array) or application/x-ndjson`,
    });
  };
  return [typeCheck, express.raw({ type: () => true, limit: limitBytes })];
}
