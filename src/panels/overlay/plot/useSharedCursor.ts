import { DashboardCursorSync } from '@grafana/schema';
import { type UPlotConfigBuilder, usePanelContext } from '@grafana/ui';

/**
 * Shares the crosshair between the panel's own plots through uPlot's cursor sync. When the dashboard
 * already shares its crosshair, Grafana has set a dashboard-wide key and our plots join it; otherwise the
 * key is this panel's, so other panels stay independent. Runs while rendering, before the chart exists.
 */
export function useSharedCursor(config: UPlotConfigBuilder, key: string): void {
  const { sync } = usePanelContext();
  if (!sync || sync() === DashboardCursorSync.Off) {
    config.setCursor({ sync: { key, setSeries: false } });
  }
}
