import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout (pino); the level comes from the configuration. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'launchday-exporter' } });
}
