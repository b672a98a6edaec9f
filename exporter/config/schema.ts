import { z } from 'zod';

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, 'expected HOST:PORT');
const list = z.array(z.string().min(1).max(256));

/** Label values kept as themselves; anything else is exported as `other`. */
export const defaultAllowLists = {
  cdn: ['akamai', 'cloudfront', 'fastly', 'cloudflare', 'limelight', 'edgio', 'origin', 'own'],
  region: ['eu', 'na', 'latam', 'apac', 'mea', 'fr', 'de', 'es', 'it', 'uk', 'us', 'ca', 'br', 'mx', 'in', 'jp'],
  device: ['web', 'ios', 'android', 'tv', 'stb', 'console', 'desktop'],
  method: ['password', 'sso', 'token', 'social', 'device_code', 'signup'],
  reason: [
    'invalid_credentials',
    'timeout',
    'rate_limited',
    'server_error',
    'unavailable',
    'captcha',
    'account_locked',
    'entitlement',
  ],
};

export const exporterConfigSchema = z
  .object({
    listen: hostPort.default('127.0.0.1:9464'),
    heartbeatIntervalSeconds: z.number().positive().max(3600).default(10),
    /** Defaults to 3 × the heartbeat interval. */
    sessionTtlSeconds: z.number().positive().max(86_400).optional(),
    maxSessions: z.number().int().positive().max(50_000_000).default(2_000_000),
    seriesBudget: z.number().int().positive().max(1_000_000).default(10_000),
    catalog: list.default([]),
    allow: z
      .object({
        cdn: list.default(defaultAllowLists.cdn),
        region: list.default(defaultAllowLists.region),
        device: list.default(defaultAllowLists.device),
        method: list.default(defaultAllowLists.method),
        reason: list.default(defaultAllowLists.reason),
      })
      .prefault({}),
    ingest: z
      .object({
        bodyLimitBytes: z
          .number()
          .int()
          .positive()
          .max(64 * 1024 * 1024)
          .default(1024 * 1024),
        /** Bearer tokens accepted on ingestion routes; none means ingestion is open. */
        tokens: z.array(z.string().min(16, 'tokens must be at least 16 characters')).default([]),
        /** Above this event-loop lag (p99 over the last second), ingestion answers 429. */
        lagBudgetMs: z.number().positive().default(250),
      })
      .prefault({}),
    stateFile: z.string().min(1).optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Sections owned by their own modules, validated there. */
    calendar: z.unknown().optional(),
    forecast: z.unknown().optional(),
    cmcd: z.unknown().optional(),
  })
  .strict();

export type ExporterConfigInput = z.input<typeof exporterConfigSchema>;
export type ExporterConfig = z.output<typeof exporterConfigSchema> & { sessionTtlSeconds: number };

export function resolveConfig(input: unknown): ExporterConfig {
  const config = exporterConfigSchema.parse(input);
  return { ...config, sessionTtlSeconds: config.sessionTtlSeconds ?? 3 * config.heartbeatIntervalSeconds };
}
