import type { TelemetryLimits } from '../state/telemetryState';
import type { ExporterConfig } from './schema';

/** The telemetry state's limits as a resolved configuration sets them (the session TTL given in seconds). */
export function telemetryLimits(config: ExporterConfig): TelemetryLimits {
  return {
    catalog: config.catalog,
    allow: config.allow,
    sessionTtlMs: config.sessionTtlSeconds * 1000,
    maxSessions: config.maxSessions,
    seriesBudget: config.seriesBudget,
  };
}
