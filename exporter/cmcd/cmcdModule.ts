import type { ModuleFactory } from '../serve';
import { CmcdMapping } from './cmcdMapping';
import { registerCmcdMetrics } from './cmcdMetrics';
import { cmcdRoutes } from './cmcdRoutes';
import { CmcdTally } from './cmcdTally';
import { parseCmcdConfig } from './config';
import { corsRouter } from './corsRouter';

/**
 * Plugs CMCD into `launchday serve`: player reports on /v1/cmcd and CDN log lines on /v1/cdn-logs, both
 * behind the ingestion guard and both fed through the telemetry state as v1 events. A bad `cmcd:`
 * section throws at start with each key's problem.
 */
export const cmcdModule: ModuleFactory = ({ config, state, exposition }) => {
  const cmcd = parseCmcdConfig(config.cmcd);
  const tally = new CmcdTally(config.seriesBudget);
  registerCmcdMetrics(exposition.registry, tally);
  const ingest = { state, mapping: new CmcdMapping(cmcd), tally, sessionTtlMs: config.sessionTtlSeconds * 1000 };
  return {
    routers: [corsRouter(cmcd.allowOrigins)],
    ingestRouters: [
      cmcdRoutes(ingest, {
        playerBytes: cmcd.players.bodyLimitBytes,
        logBytes: config.ingest.bodyLimitBytes,
        logCdn: cmcd.logs.cdn,
      }),
    ],
  };
};
