import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/load';
import { createLogger } from '../log';
import { startExporter, type ModuleFactory } from '../serve';
import { exporterModules } from './modules';

interface ServeOptions {
  listen?: string;
  config?: string;
  stateFile?: string;
  logLevel?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the exporter: POST /v1/events in, /metrics out')
    .option('--listen <host:port>', 'address to listen on (env LAUNCHDAY_LISTEN; default 127.0.0.1:9464)')
    .option('--config <file>', 'YAML configuration file (env LAUNCHDAY_CONFIG)')
    .option('--state-file <file>', 'where the session table is saved on shutdown (env LAUNCHDAY_STATE_FILE)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .action(async (opts: ServeOptions) => {
      await serve(opts, exporterModules);
    });
}

async function serve(opts: ServeOptions, modules: ModuleFactory[]): Promise<void> {
  let config;
  try {
    config = loadConfig(opts.config ?? process.env.LAUNCHDAY_CONFIG, {
      listen: opts.listen,
      stateFile: opts.stateFile,
      logLevel: opts.logLevel,
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`launchday: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const running = await startExporter(config, logger, modules);
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      }
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    logger.info('SIGHUP: reloading');
    void running.reload();
  });
}
