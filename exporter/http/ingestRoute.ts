import { Router } from 'express';
import { ingestBatchInSlices } from '../ingest/ingestBatch';
import { ingestNdjsonInSlices } from '../ingest/ingestNdjson';
import type { IngestLedger } from '../ingest/ingestLedger';
import type { IngestResult } from '../ingest/ingestResult';
import type { TelemetryState } from '../state/telemetryState';
import { batchBody, batchFormat } from './batchBody';

/** `POST /v1/events`: applies the good lines, reports each bad one, 400 when none was good. */
export function ingestRoute(state: TelemetryState, ledger: IngestLedger, bodyLimitBytes: number): Router {
  const router = Router();
  router.post('/v1/events', ...batchBody(bodyLimitBytes, (s) => ledger.refuseRequest(s)), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    // NDJSON is read from its bytes (ingestNdjson.ts); a JSON array is parsed whole from its text.
    const result =
      batchFormat(req.get('content-type')) === 'ndjson'
        ? await ingestNdjsonInSlices(body, state, ledger, Date.now())
        : await ingestBatchInSlices(body.toString('utf8'), 'json', state, ledger, Date.now());
    const answer = ingestAnswer(result, ledger);
    res.status(answer.status).json(answer.body);
  });
  return router;
}

/** The answer to an ingested batch: 200 with its account, or 400 (counted) when nothing in it was good. */
export function ingestAnswer(result: IngestResult, ledger: IngestLedger): { status: number; body: object } {
  if (result.accepted > 0) return { status: 200, body: result };
  ledger.refuseRequest(400);
  return {
    status: 400,
    body: { ...result, error: result.rejected === 0 ? 'empty batch' : 'no valid event in the batch' },
  };
}
