import { css } from '@emotion/css';
import { createPortal } from 'react-dom';
import type uPlot from 'uplot';

import type { GrafanaTheme2 } from '@grafana/data';
import { type UPlotConfigBuilder, useStyles2 } from '@grafana/ui';

import type { Point } from '../../../../core/forecast/types';
import { capacityAt } from '../data/capacity';
import { count } from '../labels/format';
import { testIds } from '../testIds';
import { canvasX, canvasY, clipped, pxRatio } from './canvas';
import { useDrawProbe } from './useDrawProbe';
import { usePlotHook } from './usePlotHook';
import { useRedrawTick } from './useRedrawTick';

interface Props {
  config: UPlotConfigBuilder;
  capacity: Point[];
  color: string;
  scale: number;
  /** Capacity above the axis (it would flatten the curves): marked at the top edge with this value. */
  above?: number;
  /** How the value reads ("2,000,000" viewers, "100%" of capacity). */
  format?: (v: number) => string;
}

/** A step line: capacity holds until it changes, and the last value holds to the right edge. */
function drawCapacity(u: uPlot, { capacity, color, scale, above }: Omit<Props, 'config'>) {
  if (capacity.length === 0) {
    return;
  }
  clipped(u, (ctx) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * scale * pxRatio();
    ctx.setLineDash([]);
    ctx.beginPath();
    if (above !== undefined) {
      // Off the axis: a solid edge along the top, so the eye finds the label.
      const y = u.bbox.top + ctx.lineWidth / 2;
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
      return;
    }
    // Whole device pixels: a 2 px line on a pixel boundary is solid, not two half-tone rows.
    const yOf = (v: number) => Math.round(canvasY(u, v));
    let y = yOf(capacity[0]!.v);
    ctx.moveTo(u.bbox.left, y);
    for (const p of capacity) {
      const x = canvasX(u, p.t);
      ctx.lineTo(x, y);
      y = yOf(p.v);
      ctx.lineTo(x, y);
    }
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
  });
}

/** Capacity as a line across the plot, or a mark at the top edge when it is far above the data. */
export function CapacityLinePlugin(props: Props) {
  const styles = useStyles2(getStyles);
  usePlotHook(props.config, props, 'draw', drawCapacity);
  const plot = useRedrawTick(props.config);
  const probe = useDrawProbe(props.config, (u) => {
    const min = u.scales.x?.min;
    const max = u.scales.x?.max;
    if (min === undefined || max === undefined || props.above !== undefined) {
      return undefined;
    }
    const t = min + (max - min) * 0.1;
    const v = capacityAt(props.capacity, t);
    return v === undefined ? undefined : { t, v };
  });
  const format = props.format ?? count;
  return (
    <>
      {probe && (
        <span data-testid={testIds.capacityProbe} hidden data-x={probe.x} data-y={probe.y} data-color={props.color} />
      )}
      {plot &&
        props.above !== undefined &&
        createPortal(
          <div
            className={styles.above}
            data-testid={testIds.capacityAbove}
            data-value={props.above}
            style={{ borderColor: props.color }}
          >
            ▲ capacity {format(props.above)} (above the axis)
          </div>,
          plot.over
        )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  above: css({
    position: 'absolute',
    top: 0,
    right: theme.spacing(1),
    pointerEvents: 'none',
    padding: theme.spacing(0.25, 1),
    border: '1px solid',
    borderTop: 'none',
    background: theme.colors.background.primary,
    color: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
  }),
});
