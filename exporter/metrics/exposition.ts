import { Registry, collectDefaultMetrics, type OpenMetricsContentType } from 'prom-client';

export type Exposition = { contentType: string; body: string };

/**
 * The text format (0.0.4) registry every module registers on, and an OpenMetrics twin that serves the
 * same metric objects when a scraper asks for it.
 */
export class MetricsExposition {
  readonly registry = new Registry();
  private readonly openMetrics = new Registry<OpenMetricsContentType>();

  constructor() {
    this.openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    collectDefaultMetrics({ register: this.registry });
  }

  async render(accept: string | undefined): Promise<Exposition> {
    if (accept?.includes('application/openmetrics-text')) {
      this.syncOpenMetrics();
      return { contentType: this.openMetrics.contentType, body: await this.openMetrics.metrics() };
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Metric objects can sit in several registries; register any the twin has not seen yet. */
  private syncOpenMetrics(): void {
    for (const { name } of this.registry.getMetricsAsArray()) {
      const metric = this.registry.getSingleMetric(name);
      if (metric && !this.openMetrics.getSingleMetric(name)) this.openMetrics.registerMetric(metric);
    }
  }
}
