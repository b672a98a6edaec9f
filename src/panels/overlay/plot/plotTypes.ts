import type { ComponentProps } from 'react';

import type { TimeSeries, TooltipPlugin2 } from '@grafana/ui';

// @grafana/ui does not export these option types by name; they are read off the components it does export.
type TimeSeriesProps = ComponentProps<typeof TimeSeries>;
export type ScaleProps = Parameters<NonNullable<TimeSeriesProps['tweakScale']>>[0];
export type AxisProps = Parameters<NonNullable<TimeSeriesProps['tweakAxis']>>[0];
export type TooltipHoverMode = Parameters<typeof TooltipPlugin2>[0]['hoverMode'];

/** TooltipHoverMode is a const enum that is not exported: 1 is "every series at the hovered x". */
export const HOVER_ALL_SERIES = 1 as TooltipHoverMode;
