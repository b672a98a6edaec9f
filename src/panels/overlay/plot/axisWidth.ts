import type { Field } from '@grafana/data';

import type { AxisProps } from './plotTypes';

/** Every plot of the panel reserves the same width for its value axis, so their time axes line up. */
export const AXIS_WIDTH = 64;

export function fixedAxisWidth(opts: AxisProps, _field: Field): AxisProps {
  return opts.scaleKey === 'x' ? opts : { ...opts, size: AXIS_WIDTH };
}
