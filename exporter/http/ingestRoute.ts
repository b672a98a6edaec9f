import { Router } from 'express';
import { ingestBatchInSlices } from '../ingest/ingestBatch';
import { ingestNdjsonInSlices } from '../ingest/ingestNdjson';
import type { IngestLedger } from '../ingest/ingestLedger';
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
    if (result.accepted === 0 && result.rejected === 0) {
      ledger.refuseRequest(400);
      res.status(400).json({ ...result, error: 'empty batch' });
      return;
    }
    if (result.accepted === 0) {
      ledger.refuseRequest(400);
      res.status(400).json({ ...result, error: 'no valid event in the batch' });
      return;
    }
    res.status(200).json(result);
  });
  return router;
}
