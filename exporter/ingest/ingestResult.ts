import type { RejectReason } from '../state/telemetryState';
import type { LineError } from './parseBatch';

export interface IngestResult {
  accepted: number;
  rejected: number;
  /** The first errors, each with its line; `rejected` keeps the exact count. */
  errors: LineError[];
}

/** The words of each refusal in a response's errors. */
export const REFUSAL_TEXT: Record<RejectReason, string> = {
  session_cap: 'the session table is full',
  stale: "older than the session's newest event, or than one TTL",
};
