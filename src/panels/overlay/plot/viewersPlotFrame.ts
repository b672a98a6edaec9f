import { createDataFrame, type DataFrame, FieldType, type GrafanaTheme2 } from '@grafana/data';

import { fixedColor as fixed, plainLine } from './lineConfig';
import { titleColor } from './titleColor';
import { withDisplay } from './withDisplay';

/** What the main plot draws: one column per title on a shared timeline, "other" and the total. */
export interface ViewerColumns {
  times: number[];
  titles: Array<{ title: string; values: Array<number | null> }>;
  other: Array<number | null> | null;
  total: Array<number | null>;
}

export const OTHER_LABEL = 'other';
export const TOTAL_LABEL = 'Total';

export type ValueUnit = 'viewers' | 'share';

/**
 * The main plot's frame. Each title keeps the colour its name hashes to (never its rank or load order),
 * "other" is grey, the total a dashed line in the text colour; line widths follow the wall scale.
 */
export function viewersPlotFrame(
  v: ViewerColumns,
  theme: GrafanaTheme2,
  timeZone: string,
  scale: number,
  unit: ValueUnit
): DataFrame {
  // Linear, unfilled, 1 px at desk size (Grafana's defaults): smooth fills and wider strokes cost a spline, a fill
  // or an outlined stroke per title on every redraw (1 px is the canvas' hairline fast path).
  const line = (width: number) => plainLine(width, scale);
  // No fixed decimals: with 'short' scaling, ticks such as 1.5 Mil need them (0 would print "2 Mil" twice).
  const base = unit === 'share' ? { unit: 'percentunit', min: 0 } : { unit: 'short', min: 0 };
  const fields = [
    { name: 'Time', type: FieldType.time, values: v.times, config: {} },
    ...v.titles.map((t) => ({
      name: t.title,
      type: FieldType.number,
      values: t.values,
      config: { ...base, displayName: t.title, color: fixed(titleColor(theme, t.title)), custom: line(1) },
    })),
  ];
  if (v.other) {
    fields.push({
      name: OTHER_LABEL,
      type: FieldType.number,
      values: v.other,
      config: { ...base, displayName: OTHER_LABEL, color: fixed(theme.colors.text.secondary), custom: line(1) },
    });
  }
  fields.push({
    name: TOTAL_LABEL,
    type: FieldType.number,
    values: v.total,
    config: {
      ...base,
      displayName: TOTAL_LABEL,
      color: fixed(theme.colors.text.primary),
      custom: { ...line(2), lineStyle: { fill: 'dash', dash: [6 * scale, 4 * scale] } },
    },
  });
  return withDisplay(createDataFrame({ refId: 'viewers', fields }), theme, timeZone);
}
