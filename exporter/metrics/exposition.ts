import { Registry, type Metric, type OpenMetricsContentType } from 'prom-client';
import { registerProcessMetrics } from './processCollectors';

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
    registerProcessMetrics(this.registry);
  }

  async render(accept: string | undefined): Promise<Exposition> {
    if (accept?.includes('application/openmetrics-text')) {
      this.syncOpenMetrics();
      return { contentType: this.openMetrics.contentType, body: await this.openMetrics.metrics() };
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * Registers a read-only view of each metric the twin has not seen yet. A view, not the metric itself:
   * prom-client renames counters in place when it renders OpenMetrics, which would break the text format.
   */
  private syncOpenMetrics(): void {
    for (const { name } of this.registry.getMetricsAsArray()) {
      const metric = this.registry.getSingleMetric(name);
      if (!metric || this.openMetrics.getSingleMetric(name)) continue;
      this.openMetrics.registerMetric(openMetricsView(name, metric));
    }
  }
}

/** OpenMetrics names a counter family without `_total`; prom-client adds the suffix to its samples. */
function openMetricsView(name: string, metric: Metric): Metric {
  const view = {
    name,
    get: async () => {
      const item = await metric.get();
      return String(item.type) === 'counter' ? { ...item, name: item.name.replace(/_total$/, '') } : item;
    },
  };
  return view as unknown as Metric;
}
