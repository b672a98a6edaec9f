import type { ModuleFactory } from '../serve';
import type { IngestSource } from '../ingest/ingestLedger';
import type { IgnoredReason } from './cmcdBatch';
import { CmcdMapping } from './cmcdMapping';
import { registerCmcdMetrics } from './cmcdMetrics';
import { cmcdRoutes } from './cmcdRoutes';
import { parseCmcdConfig } from './config';
import { corsRouter } from './corsRouter';
import { PlayerCounters } from './playerCounters';

/** A player that sends no sid is worth one warning a minute, with how many reports it cost. */
const WARN_EVERY_MS = 60_000;

/**
 * Plugs CMCD into `launchday serve`: player reports on /v1/cmcd and CDN log lines on /v1/cdn-logs, both
 * behind the ingestion guard, fed through the telemetry state as v1 events and counted in the one
 * ingestion ledger under their own source. A bad `cmcd:` section throws at start with each key's problem.
 */
export const cmcdModule: ModuleFactory = ({ config, logger, state, exposition, ledger }) => {
  const cmcd = parseCmcdConfig(config.cmcd);
  const players = new PlayerCounters(state, config.seriesBudget);
  registerCmcdMetrics(exposition.registry, players);
  let warnedAt = -Infinity;
  let unwarned = 0;
  const onIgnored = (source: IngestSource, reason: IgnoredReason, lines: number) => {
    unwarned += lines;
    const now = Date.now();
    if (now - warnedAt < WARN_EVERY_MS) return;
    logger.warn(
      { source, reason, reports: unwarned },
      'CMCD reports without a sid were ignored: set the player to send sid and cid (dash.js: eventTargets[].enabledKeys)'
    );
    warnedAt = now;
    unwarned = 0;
  };
  const ingest = {
    state,
    mapping: new CmcdMapping(cmcd),
    ledger,
    players,
    onIgnored,
    clockToleranceMs: config.sessionTtlSeconds * 1000,
  };
  return {
    routers: [corsRouter(cmcd.allowOrigins, (status, source) => ledger.refuseRequest(status, source))],
    ingestRouters: [
      cmcdRoutes(
        ingest,
        {
          playerBytes: cmcd.players.bodyLimitBytes,
          logBytes: config.ingest.bodyLimitBytes,
          logCdn: cmcd.logs.cdn,
        },
        logger
      ),
    ],
  };
};
