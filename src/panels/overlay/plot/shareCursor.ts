import type { UPlotConfigBuilder } from '@grafana/ui';

/**
 * Shares the crosshair between the panel's own plots through uPlot's cursor sync. Called while rendering,
 * before the chart is created from the config; the key is per panel so other panels stay independent.
 */
export function shareCursor(config: UPlotConfigBuilder, key: string): void {
  config.setCursor({ sync: { key, setSeries: false } });
}
