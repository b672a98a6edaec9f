import { css } from '@emotion/css';
import { createPortal } from 'react-dom';
import type uPlot from 'uplot';

import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { type UPlotConfigBuilder, useStyles2 } from '@grafana/ui';

import { shortDuration } from '../labels/tMinus';
import { testIds } from '../testIds';
import { canvasX, clipped, dashedVerticalLine, pxRatio } from './canvas';
import { usePlotHook } from './usePlotHook';
import { useRedrawTick } from './useRedrawTick';

interface Props {
  config: UPlotConfigBuilder;
  /** When P90 first reaches capacity, if it does. */
  at?: number;
  now: number;
  color: string;
  timeZone: string;
  scale: number;
}

function drawSaturation(u: uPlot, { at, color, scale }: Props) {
  if (at === undefined) {
    return;
  }
  const x = canvasX(u, at);
  clipped(u, (ctx) => dashedVerticalLine(u, ctx, x, { color, width: 2 * scale, dash: [6 * scale, 3 * scale] }));
}

/** Where the P90 crosses capacity: the time to saturation, marked and labelled. */
export function SaturationMarkerPlugin(props: Props) {
  const styles = useStyles2(getStyles);
  usePlotHook(props.config, props, 'draw', drawSaturation);
  const plot = useRedrawTick(props.config);
  if (!plot || props.at === undefined) {
    return null;
  }
  const x = plot.valToPos(props.at, 'x');
  const width = plot.bbox.width / pxRatio();
  return createPortal(
    <div
      className={styles.label}
      data-testid={testIds.saturation}
      style={{
        right: x > width - 160 * props.scale ? width - x + 4 : undefined,
        left: x > width - 160 * props.scale ? undefined : x + 4,
        bottom: 18 * props.scale,
        borderColor: props.color,
      }}
    >
      P90 hits capacity {dateTimeFormat(props.at, { format: 'HH:mm', timeZone: props.timeZone })} (in{' '}
      {shortDuration(props.at - props.now)})
    </div>,
    plot.over
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  label: css({
    position: 'absolute',
    pointerEvents: 'none',
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightBold,
    // The line keeps the saturation colour; the words take the theme's error text, which reads on the plot.
    color: theme.colors.error.text,
    borderLeft: '3px solid',
    background: theme.colors.background.primary,
    padding: theme.spacing(0, 0.5),
    whiteSpace: 'nowrap',
  }),
});
