import { FieldColorModeId } from '@grafana/data';
import { LineInterpolation } from '@grafana/schema';

/**
 * How every line of the panel's plots is drawn: linear and unfilled (a spline or a fill costs a pass per
 * series on every redraw), over gaps, `width` px at desk size times the wall scale.
 */
export function plainLine(width: number, scale: number) {
  return { lineWidth: width * scale, fillOpacity: 0, lineInterpolation: LineInterpolation.Linear, spanNulls: true };
}

/** A series in one colour of our choosing (a title's hash, a status), never Grafana's palette by order. */
export function fixedColor(color: string) {
  return { mode: FieldColorModeId.Fixed, fixedColor: color };
}
