import type { Field } from '@grafana/data';

import type { AxisProps } from './plotTypes';

/** Every plot of the panel reserves the same width for its value axis, so their time axes line up. */
export const AXIS_WIDTH = 64;
/** Grafana's time axis: 4 px ticks, a 5 px gap, 12 px text. */
const TIME_AXIS_TICKS_AND_GAP = 9;
export const AXIS_FONT_SIZE = 12;

/** The axes of every plot in the panel, sized for the wall scale (1 leaves Grafana's time axis alone). */
export function axesFor(scale: number): (opts: AxisProps, field: Field) => AxisProps {
  return (opts) => {
    if (opts.scaleKey === 'x') {
      return scale === 1 ? opts : { ...opts, size: Math.ceil(TIME_AXIS_TICKS_AND_GAP + AXIS_FONT_SIZE * scale) };
    }
    return { ...opts, size: Math.round(AXIS_WIDTH * scale) };
  };
}

/** The unscaled one, for plots that never scale. */
export const fixedAxisWidth = axesFor(1);
