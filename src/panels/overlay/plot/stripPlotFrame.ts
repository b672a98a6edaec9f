import { createDataFrame, type DataFrame, FieldType, type GrafanaTheme2 } from '@grafana/data';

import type { Point } from '../../../../core/forecast/types';
import { fixedColor, plainLine } from './lineConfig';
import { withDisplay } from './withDisplay';

/** A strip's frame: one ratio, its axis spanning at least `soft` so a flat ratio is not blown up. */
export function stripPlotFrame(
  name: string,
  points: Point[],
  soft: { min: number; max: number },
  color: string,
  theme: GrafanaTheme2,
  timeZone: string,
  scale: number
): DataFrame {
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
          color: fixedColor(color),
          custom: {
            ...plainLine(2, scale),
            axisSoftMin: soft.min,
            axisSoftMax: soft.max,
          },
        },
      },
    ],
  });
  return withDisplay(frame, theme, timeZone);
}
