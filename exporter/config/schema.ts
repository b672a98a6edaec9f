import { z } from 'zod';

/** Port 0 asks the system for a free port (tests, `demo`); anything else must be a real TCP port. */
const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, 'expected HOST:PORT')
  .refine((v) => Number(v.slice(v.lastIndexOf(':') + 1)) <= 65_535, 'the port must be 1-65535 (or 0 for a free port)');
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

/** Limits of the HTTP server itself (docs/security.md): sockets and how long a request may take to arrive. */
export const serverLimitsSchema = z.strictObject({
  /** Sockets held at once for every route; past it new sockets are closed at once. */
  maxConnections: z.number().int().positive().max(1_000_000).default(1024),
  /** Extra sockets past maxConnections that may only read /metrics, /healthz and /readyz. */
  reservedConnections: z.number().int().min(0).max(10_000).default(16),
  /** The request line and headers must arrive within this. */
  headersTimeoutSeconds: z.number().positive().max(300).default(10),
  /** The whole request, body included, must arrive within this (a trickled body is cut here). */
  requestTimeoutSeconds: z.number().positive().max(300).default(30),
  /** An idle keep-alive socket is closed after this; longer than typical load balancers' idle timeouts. */
  keepAliveTimeoutSeconds: z.number().positive().max(600).default(65),
});

export const exporterConfigSchema = z.strictObject({
  listen: hostPort.default('127.0.0.1:9464'),
  heartbeatIntervalSeconds: z.number().positive().max(3600).default(10),
  /** Defaults to 3 × the heartbeat interval. */
  sessionTtlSeconds: z.number().positive().max(86_400).optional(),
  maxSessions: z.number().int().positive().max(50_000_000).default(2_000_000),
  seriesBudget: z.number().int().positive().max(1_000_000).default(10_000),
  catalog: list.default([]),
  allow: z
    .strictObject({
      cdn: list.default(defaultAllowLists.cdn),
      region: list.default(defaultAllowLists.region),
      device: list.default(defaultAllowLists.device),
      method: list.default(defaultAllowLists.method),
      reason: list.default(defaultAllowLists.reason),
    })
    .prefault({}),
  ingest: z
    .strictObject({
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
  server: serverLimitsSchema.prefault({}),
  stateFile: z.string().min(1).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sections owned by their own modules, validated there. */
  calendar: z.unknown().optional(),
  forecast: z.unknown().optional(),
  cmcd: z.unknown().optional(),
});

export type ExporterConfigInput = z.input<typeof exporterConfigSchema>;
export type ExporterConfig = z.output<typeof exporterConfigSchema> & { sessionTtlSeconds: number };

export function resolveConfig(input: unknown): ExporterConfig {
  const config = exporterConfigSchema.parse(input);
  return { ...config, sessionTtlSeconds: config.sessionTtlSeconds ?? 3 * config.heartbeatIntervalSeconds };
}
