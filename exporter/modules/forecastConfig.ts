import { z } from 'zod';

/** `forecast.prometheus`: where the forecaster reads every exporter's summed series. */
const prometheusSchema = z
  .object({
    /** Prometheus's base URL, e.g. http://prometheus:9090/ (the HTTP query API is under it). */
    url: z.url({ protocol: /^https?$/ }),
    /** The rate() window over the summed counters: a few scrape intervals. */
    rateWindowSeconds: z.number().positive().max(3600).default(60),
    timeoutSeconds: z.number().positive().max(60).default(5),
  })
  .strict();

/** `forecast.slo`: the objectives the status rule reads (and publishes as launchday_slo_objective_ratio). */
const sloSchema = z
  .object({
    loginSuccess: z.number().gt(0).lt(1).default(0.99),
    segmentErrors: z.number().gt(0).lt(1).default(0.01),
  })
  .strict();

/** The `forecast:` section of the exporter's configuration. */
export const forecastConfigSchema = z
  .object({
    /** Where past events' curves and peaks are kept; the reference class learns from it. */
    historyFile: z.string().min(1).optional(),
    refreshSeconds: z.number().positive().max(3600).default(30),
    sampleSeconds: z.number().positive().max(3600).default(15),
    /** Forecast minutes per wall minute: a replay's speed, so forecasts run on the replay's clock. */
    timeScale: z.number().positive().max(100_000).default(1),
    /** `embedded`: this process's own traffic (one exporter). `prometheus`: every exporter's, summed. */
    source: z.enum(['embedded', 'prometheus']).default('embedded'),
    prometheus: prometheusSchema.optional(),
    /** False on every exporter but the one forecaster, so one forecast is published. */
    publish: z.boolean().default(true),
    slo: sloSchema.default({ loginSuccess: 0.99, segmentErrors: 0.01 }),
  })
  .strict()
  .refine((c) => c.source !== 'prometheus' || c.prometheus !== undefined, {
    message: 'source: prometheus needs prometheus.url',
    path: ['prometheus'],
  });

export type ForecastConfig = z.output<typeof forecastConfigSchema>;
