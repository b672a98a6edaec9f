import { MAX_LISTED_ERRORS, type LineError } from '../ingest/parseBatch';
import type { TelemetryState } from '../state/telemetryState';
import type { CmcdEffects, CmcdMapping } from './cmcdMapping';
import type { CmcdSource, CmcdTally } from './cmcdTally';
import { decodeCmcdLine } from './decodeLine';
import { parseNginxCmcdLine } from './nginxCmcdLine';

export interface CmcdBatchResult {
  /** Lines whose events were all applied. */
  accepted: number;
  /** Lines refused: undecodable, badly typed, or a new session past the session cap. */
  rejected: number;
  /** Good lines with nothing to apply (no `sid`, not a media request, no CMCD at all). */
  ignored: number;
  /** Log lines older than the session TTL, whose only effect would have been to keep a session alive. */
  stale: number;
  /** The first errors with their 1-based line numbers; `rejected` keeps the exact count. */
  errors: LineError[];
}

export interface CmcdIngest {
  state: TelemetryState;
  mapping: CmcdMapping;
  tally: CmcdTally;
  sessionTtlMs: number;
}

type LineEffects = CmcdEffects | { error: string };

/** A player's `application/cmcd` body: one event-mode report per line. */
export function applyPlayerReports(body: string, ingest: CmcdIngest, now: number): CmcdBatchResult {
  return applyLines(body, 'player', ingest, now, (line) => {
    const decoded = decodeCmcdLine(line);
    return 'error' in decoded ? decoded : ingest.mapping.playerReport(decoded.report);
  });
}

/** Access-log lines in the `launchday_cmcd` nginx format; `cdn` labels requests that name no CDN. */
export function applyNginxLogLines(body: string, cdn: string, ingest: CmcdIngest, now: number): CmcdBatchResult {
  return applyLines(body, 'cdn_log', ingest, now, (line) => {
    const parsed = parseNginxCmcdLine(line);
    if ('error' in parsed) return parsed;
    const { request } = parsed;
    if (request.cmcd === '') return { events: [] };
    const decoded = decodeCmcdLine(request.cmcd);
    if ('error' in decoded) return decoded;
    return ingest.mapping.loggedRequest(decoded.report, request, cdn);
  });
}

function applyLines(
  body: string,
  source: CmcdSource,
  { state, tally, sessionTtlMs }: CmcdIngest,
  now: number,
  effectsOf: (line: string) => LineEffects
): CmcdBatchResult {
  const result: CmcdBatchResult = { accepted: 0, rejected: 0, ignored: 0, stale: 0, errors: [] };
  let invalid = 0;
  const fail = (line: number, error: string) => {
    result.rejected++;
    if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, error });
  };
  let lineNo = 0;
  for (let start = 0; start < body.length;) {
    const nl = body.indexOf('\n', start);
    const end = nl === -1 ? body.length : nl;
    const line = body.slice(start, body[end - 1] === '\r' ? end - 1 : end);
    start = end + 1;
    lineNo++;
    if (line.trim() === '') continue;
    const effects = effectsOf(line);
    if ('error' in effects) {
      invalid++;
      fail(lineNo, effects.error);
      continue;
    }
    if (effects.errorTitle !== undefined) tally.playerErrors.inc([state.guard.title(effects.errorTitle)]);
    if (effects.events.length === 0 && effects.errorTitle === undefined) {
      result.ignored++;
      continue;
    }
    // A log line keeps its session alive from when it was logged; a replayed old line resurrects nothing.
    const at = Math.min(now, effects.at ?? now);
    const events = at + sessionTtlMs > now ? effects.events : effects.events.filter((e) => e.type !== 'heartbeat');
    if (events.length === 0 && effects.errorTitle === undefined) {
      result.stale++;
      continue;
    }
    let refused = false;
    for (const event of events) refused = state.apply(event, event.type === 'heartbeat' ? at : now) !== null || refused;
    if (refused) fail(lineNo, 'session_cap: the session table is full');
    else result.accepted++;
  }
  tally.lines(source, {
    applied: result.accepted,
    invalid,
    refused: result.rejected - invalid,
    ignored: result.ignored,
    stale: result.stale,
  });
  return result;
}
