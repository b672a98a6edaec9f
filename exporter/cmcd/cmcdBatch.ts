import type { IngestLedger, IngestSource } from '../ingest/ingestLedger';
import { MAX_LISTED_ERRORS, type LineError } from '../ingest/parseBatch';
import type { TelemetryState } from '../state/telemetryState';
import type { CmcdEffects, CmcdMapping } from './cmcdMapping';
import { decodeCmcdLine } from './decodeLine';
import { parseNginxCmcdLine } from './nginxCmcdLine';
import type { PlayerCounters } from './playerCounters';

export interface CmcdBatchResult {
  /** Lines with something applied. */
  accepted: number;
  /** Lines refused: undecodable, badly typed, or a new session past the session cap. */
  rejected: number;
  /** Good lines with nothing to apply (no `sid` and no result, not a media request, no CMCD at all). */
  ignored: number;
  /** Lines whose only news was older than what the session already had (or than one TTL). */
  stale: number;
  /** The first errors with their 1-based line numbers; `rejected` keeps the exact count. */
  errors: LineError[];
}

/** Why a good line had nothing to apply, for `launchday_events_ignored_total{reason}` and the warning. */
export type IgnoredReason = 'no_cmcd' | 'no_session' | 'not_media';

export interface CmcdIngest {
  state: TelemetryState;
  mapping: CmcdMapping;
  ledger: IngestLedger;
  players: PlayerCounters;
  /**
   * How far a player's `ts` may be from our clock and still order its session's updates (one TTL): a
   * device clock set wrong would otherwise have every report refused as stale, or shut out the logs.
   */
  clockToleranceMs: number;
  /** Told once per batch what it ignored, so a player that sends no `sid` is seen in the log. */
  onIgnored?(source: IngestSource, reason: IgnoredReason, lines: number): void;
}

type LineEffects = CmcdEffects | { error: string } | { ignored: 'no_cmcd' };

/** A player's `application/cmcd` body: one event-mode report per line. */
export function applyPlayerReports(body: string, ingest: CmcdIngest, now: number): CmcdBatchResult {
  const tolerance = ingest.clockToleranceMs;
  return applyLines(body, 'cmcd', ingest, now, (line) => {
    const decoded = decodeCmcdLine(line);
    if ('error' in decoded) return decoded;
    const { report } = decoded;
    if (report.ts !== undefined && Math.abs(report.ts - now) > tolerance) report.ts = undefined; // on arrival
    return ingest.mapping.playerReport(report);
  });
}

/** Access-log lines in the `launchday_cmcd` nginx format; `cdn` labels requests that name no CDN. */
export function applyNginxLogLines(body: string, cdn: string, ingest: CmcdIngest, now: number): CmcdBatchResult {
  return applyLines(body, 'cdn_logs', ingest, now, (line) => {
    const parsed = parseNginxCmcdLine(line);
    if ('error' in parsed) return parsed;
    const { request } = parsed;
    if (request.cmcd === '') return { ignored: 'no_cmcd' };
    const decoded = decodeCmcdLine(request.cmcd);
    if ('error' in decoded) return decoded;
    return ingest.mapping.loggedRequest(decoded.report, request, cdn);
  });
}

/** Per-batch counts, added to the ledger once (not per line: this sits on the ingestion path). */
class BatchCounts {
  heartbeats = 0;
  segments = 0;
  invalid = 0;
  sessionCap = 0;
  stale = 0;
  noCmcd = 0;
  noSession = 0;
  notMedia = 0;

  flush(source: IngestSource, { ledger, onIgnored }: CmcdIngest): void {
    ledger.accept('heartbeat', this.heartbeats, source);
    ledger.accept('segment', this.segments, source);
    ledger.reject('invalid', this.invalid, source);
    ledger.reject('session_cap', this.sessionCap, source);
    ledger.reject('stale', this.stale, source);
    ledger.ignore('no_cmcd', this.noCmcd, source);
    ledger.ignore('no_session', this.noSession, source);
    ledger.ignore('not_media', this.notMedia, source);
    if (this.noSession) onIgnored?.(source, 'no_session', this.noSession);
  }
}

function applyLines(
  body: string,
  source: IngestSource,
  ingest: CmcdIngest,
  now: number,
  effectsOf: (line: string) => LineEffects
): CmcdBatchResult {
  const { state, players } = ingest;
  const result: CmcdBatchResult = { accepted: 0, rejected: 0, ignored: 0, stale: 0, errors: [] };
  const counts = new BatchCounts();
  const fail = (line: number, error: string) => {
    result.rejected++;
    if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, error });
  };
  let lineNo = 0;
  // A byte-order mark (a log file saved on Windows, a client that writes one) is not part of line 1.
  for (let start = body.charCodeAt(0) === 0xfeff ? 1 : 0; start < body.length;) {
    const nl = body.indexOf('\n', start);
    const end = nl === -1 ? body.length : nl;
    const line = body.slice(start, body[end - 1] === '\r' ? end - 1 : end);
    start = end + 1;
    lineNo++;
    if (line.trim() === '') continue;
    const effects = effectsOf(line);
    if ('error' in effects) {
      counts.invalid++;
      fail(lineNo, effects.error);
      continue;
    }
    if ('ignored' in effects) {
      result.ignored++;
      counts.noCmcd++;
      continue;
    }
    let applied = effects.playerResponse !== undefined || effects.errorTitle !== undefined;
    if (effects.playerResponse) {
      const { title, cdn, status } = effects.playerResponse;
      players.response(title, cdn, status);
      counts.segments++;
    }
    if (effects.errorTitle !== undefined) players.error(effects.errorTitle);
    let refused = false;
    let stale = false;
    for (const event of effects.events) {
      if (effects.defaultCdn && event.type === 'heartbeat' && state.sessions.labelSetOf(event.sid) !== undefined)
        event.cdn = undefined; // the configured default names new sessions, never relabels a known one
      const reason = state.apply(event, now);
      if (reason === null) {
        applied = true;
        if (event.type === 'heartbeat') counts.heartbeats++;
        else counts.segments++;
      } else if (reason === 'stale') {
        stale = true;
        counts.stale++;
      } else {
        refused = true;
        counts.sessionCap++;
      }
    }
    if (refused) fail(lineNo, 'session_cap: the session table is full');
    else if (applied) result.accepted++;
    else if (stale) result.stale++;
    else {
      result.ignored++;
      // A report with neither a sid nor a result (dash.js's default event target sends `e=t,ts=…,v=2`),
      // or a logged request that is not media and carries no state (a v1 player's manifest refresh).
      if (source === 'cmcd') counts.noSession++;
      else counts.notMedia++;
    }
  }
  counts.flush(source, ingest);
  return result;
}
