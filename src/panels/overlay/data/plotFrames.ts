import {
  applyFieldOverrides,
  createDataFrame,
  type DataFrame,
  type FieldConfig,
  FieldColorModeId,
  FieldType,
  type GrafanaTheme2,
  type ThresholdsConfig,
  ThresholdsMode,
} from '@grafana/data';
import { GraphThresholdsStyleMode, LineInterpolation } from '@grafana/schema';

import type { Point } from '../../../../core/forecast/types';
import { OTHER_TITLE, TOTAL_TITLE, type ViewerTimeline } from './viewers';

// Grafana's own defaults (linear, unfilled): smooth fills cost a spline and a fill per title on every redraw.
const lineDefaults = { lineWidth: 1, fillOpacity: 0, lineInterpolation: LineInterpolation.Linear, spanNulls: true };

/** Display processors and colours, as Grafana gives its own panels (else axes read "undefined"). */
function withDisplay(frames: DataFrame[], theme: GrafanaTheme2, timeZone: string): DataFrame[] {
  return applyFieldOverrides({
    data: frames,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v) => v,
    theme,
    timeZone,
  });
}

/** The main plot's frame: top titles in the classic palette, "other" in grey, the total as a dashed line. */
export function viewersFrame(v: ViewerTimeline, theme: GrafanaTheme2, timeZone: string): DataFrame {
  // No fixed decimals: with 'short' scaling, ticks such as 1.5 Mil need them (0 would print "2 Mil" twice).
  const unit: FieldConfig = { unit: 'short', min: 0 };
  const fields = [
    { name: 'Time', type: FieldType.time, values: v.times, config: {} },
    ...v.titles.map((t) => ({
      name: t.title,
      type: FieldType.number,
      values: t.values,
      config: { ...unit, displayName: t.title, color: { mode: FieldColorModeId.PaletteClassic }, custom: lineDefaults },
    })),
  ];
  if (v.other) {
    fields.push({
      name: OTHER_TITLE,
      type: FieldType.number,
      values: v.other,
      config: {
        ...unit,
        displayName: OTHER_TITLE,
        color: { mode: FieldColorModeId.Fixed, fixedColor: 'text' },
        custom: { ...lineDefaults, fillOpacity: 0 },
      },
    });
  }
  fields.push({
    name: TOTAL_TITLE,
    type: FieldType.number,
    values: v.total,
    config: {
      ...unit,
      displayName: TOTAL_TITLE,
      color: { mode: FieldColorModeId.Fixed, fixedColor: theme.colors.text.primary },
      custom: { ...lineDefaults, fillOpacity: 0, lineWidth: 2, lineStyle: { fill: 'dash', dash: [6, 4] } },
    },
  });
  return withDisplay([createDataFrame({ refId: 'viewers', fields })], theme, timeZone)[0]!;
}

/** A strip's frame: one ratio with its SLO as a threshold line, the way Grafana draws thresholds. */
export function ratioFrame(
  name: string,
  points: Point[],
  slo: number,
  sloIsFloor: boolean,
  /** The axis shows at least this span around the SLO, so a flat ratio is not blown up to a silly scale. */
  soft: { min: number; max: number },
  colorName: string,
  theme: GrafanaTheme2,
  timeZone: string
): DataFrame {
  const thresholds: ThresholdsConfig = {
    mode: ThresholdsMode.Absolute,
    steps: sloIsFloor
      ? [
          { value: -Infinity, color: 'red' },
          { value: slo, color: 'green' },
        ]
      : [
          { value: -Infinity, color: 'green' },
          { value: slo, color: 'red' },
        ],
  };
  const frame = createDataFrame({
    refId: name,
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map((p) => p.t), config: {} },
      {
        name,
        type: FieldType.number,
        values: points.map((p) => p.v),
        config: {
          displayName: name,
          unit: 'percentunit',
          decimals: 2,
          thresholds,
          color: { mode: FieldColorModeId.Fixed, fixedColor: colorName },
          custom: {
            ...lineDefaults,
            fillOpacity: 0,
            axisSoftMin: soft.min,
            axisSoftMax: soft.max,
            thresholdsStyle: { mode: GraphThresholdsStyleMode.Line },
          },
        },
      },
    ],
  });
  return withDisplay([frame], theme, timeZone)[0]!;
}
