import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { ExporterConfig } from './config/schema';
import { telemetryLimits } from './config/telemetryLimits';
import { createApp } from './http/app';
import { listenHttp } from './http/httpServer';
import { IngestLedger } from './ingest/ingestLedger';
import { MetricsExposition } from './metrics/exposition';
import { registerHealthMetrics } from './metrics/healthCollectors';
import { registerStateMetrics } from './metrics/stateCollectors';
import { registerTelemetryMetrics } from './metrics/telemetryCollectors';
import { EventLoopLag } from './runtime/eventLoopLag';
import { startExpirySweeper } from './runtime/expirySweeper';
import { StateCheckpoints } from './runtime/stateCheckpoint';
import { restoreSessions } from './state/stateFile';
import { TelemetryState } from './state/telemetryState';

/** How long in-flight requests get to finish on shutdown. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningExporter {
  url: string;
  state: TelemetryState;
  exposition: MetricsExposition;
  /** Readiness off, in-flight requests finish, the session table is saved; resolves when done. */
  shutdown(): Promise<void>;
  /** Reloads what can be reloaded (the calendar); SIGHUP calls it. */
  reload(): Promise<void>;
}

/** Optional modules (calendar, forecast, CMCD) plug in here without the core knowing them. */
export interface ExporterModule {
  routers?: Router[];
  ingestRouters?: Router[];
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
  reload?(): Promise<void> | void;
}

export type ModuleFactory = (ctx: {
  config: ExporterConfig;
  logger: Logger;
  state: TelemetryState;
  exposition: MetricsExposition;
  /** The one ingestion ledger: modules that ingest (CMCD) count there, under their own source. */
  ledger: IngestLedger;
}) => ExporterModule;

export async function startExporter(
  config: ExporterConfig,
  logger: Logger,
  modules: ModuleFactory[] = []
): Promise<RunningExporter> {
  const state = new TelemetryState(telemetryLimits(config));

  const ledger = new IngestLedger();
  const lag = new EventLoopLag();
  const exposition = new MetricsExposition();
  registerTelemetryMetrics(exposition.registry, state);
  registerHealthMetrics(exposition.registry, state, ledger, lag);
  const plugged = modules.map((factory) => factory({ config, logger, state, exposition, ledger }));

  let ready = false;
  const app = createApp({
    config,
    logger,
    state,
    ledger,
    exposition,
    lag,
    isReady: () => ready,
    extraRouters: plugged.flatMap((m) => m.routers ?? []),
    extraIngestRouters: plugged.flatMap((m) => m.ingestRouters ?? []),
  });

  for (const m of plugged) await m.start?.();
  // Restored after the modules start: the calendar's titles must be known, or a premiere's sessions
  // would come back as `other`. Ingestion starts only once the server listens, below.
  const checkpoints = config.stateFile ? new StateCheckpoints(state, config.stateFile, logger) : undefined;
  if (checkpoints) registerStateMetrics(exposition.registry, checkpoints);
  if (config.stateFile) {
    const restored = await restoreSessions(state, config.stateFile);
    if ('error' in restored) logger.warn({ stateFile: config.stateFile, ...restored }, restored.error);
    else logger.info({ stateFile: config.stateFile, ...restored }, 'sessions restored');
  }
  // A checkpoint every heartbeat interval: after a SIGKILL the restart restores at most that much less.
  checkpoints?.start(Math.max(1000, config.heartbeatIntervalSeconds * 1000));
  lag.start();
  const stopSweeper = startExpirySweeper(state.sessions, Math.min(1000, (config.sessionTtlSeconds * 1000) / 4));
  const server = await listenHttp(app, config.listen, config.server, logger);
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  ready = true;
  logger.info(
    { url, sessionTtlSeconds: config.sessionTtlSeconds, maxSessions: config.maxSessions },
    'exporter listening'
  );

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      ready = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections go as soon as their request is answered; past the grace, all go.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        server.once('close', () => {
          clearInterval(idle);
          clearTimeout(grace);
        });
        server.closeIdleConnections();
      });
      stopSweeper();
      lag.stop();
      for (const m of plugged) await m.stop?.();
      const saved = await checkpoints?.stop();
      if (saved && !('error' in saved)) logger.info({ stateFile: config.stateFile, ...saved }, 'sessions saved');
    })());
  const reload = async () => {
    for (const m of plugged) await m.reload?.();
  };
  return { url, state, exposition, shutdown, reload };
}
