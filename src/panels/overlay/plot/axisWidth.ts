import type { Field } from '@grafana/data';

import type { AxisProps } from './plotTypes';

/** Every plot of the panel reserves the same width for its value axis, so their time axes line up. */
export const AXIS_WIDTH = 64;
/** Grafana's time axis: 4 px ticks, a 5 px gap, 12 px text. */
const TIME_AXIS_TICKS_AND_GAP = 9;
export const AXIS_FONT_SIZE = 12;

/** Pixels between ticks at scale 1, about what Grafana leaves for its 12 px labels. */
export const TIME_TICK_SPACE = 80;
const VALUE_TICK_SPACE = 30;

/** The time axis' height at a scale: ticks, gap and the scaled text. */
export function timeAxisSize(scale: number): number {
  return Math.ceil(TIME_AXIS_TICKS_AND_GAP + AXIS_FONT_SIZE * scale);
}

/**
 * The value axes of every plot in the panel, sized for the wall scale (1 leaves Grafana's spacing alone):
 * wider, and with ticks further apart, since the labels are drawn `scale` times bigger (see useAxisFont).
 * Grafana's TimeSeries builds the time axis without this hook: useAxisFont scales that one.
 */
export function axesFor(scale: number): (opts: AxisProps, field: Field) => AxisProps {
  return (opts) => {
    const size = Math.round(AXIS_WIDTH * scale);
    return scale === 1 ? { ...opts, size } : { ...opts, size, space: VALUE_TICK_SPACE * scale };
  };
}

/** The unscaled one, for plots that never scale. */
export const fixedAxisWidth = axesFor(1);
