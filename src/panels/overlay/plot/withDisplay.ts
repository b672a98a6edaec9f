import { applyFieldOverrides, type DataFrame, type GrafanaTheme2 } from '@grafana/data';

/** Display processors and colours, as Grafana gives its own panels (else axes read "undefined"). */
export function withDisplay(frame: DataFrame, theme: GrafanaTheme2, timeZone: string): DataFrame {
  return applyFieldOverrides({
    data: [frame],
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v) => v,
    theme,
    timeZone,
  })[0]!;
}
