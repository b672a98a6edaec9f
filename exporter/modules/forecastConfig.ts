import { z } from 'zod';

/** The `forecast:` section of the exporter's configuration. */
export const forecastConfigSchema = z
  .object({
    /** Where past events' curves and peaks are kept; the reference class learns from it. */
    historyFile: z.string().min(1).optional(),
    refreshSeconds: z.number().positive().max(3600).default(30),
    sampleSeconds: z.number().positive().max(3600).default(15),
    /** Forecast minutes per wall minute: a replay's speed, so forecasts run on the replay's clock. */
    timeScale: z.number().positive().max(100_000).default(1),
  })
  .strict();

export type ForecastConfig = z.output<typeof forecastConfigSchema>;
