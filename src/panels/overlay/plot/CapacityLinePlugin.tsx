import type uPlot from 'uplot';

import type { UPlotConfigBuilder } from '@grafana/ui';

import type { Point } from '../../../../core/forecast/types';
import { capacityAt } from '../data/capacity';
import { testIds } from '../testIds';
import { canvasX, canvasY, clipped, pxRatio } from './canvas';
import { useDrawProbe } from './useDrawProbe';
import { usePlotHook } from './usePlotHook';

interface Props {
  config: UPlotConfigBuilder;
  capacity: Point[];
  color: string;
}

/** A step line: capacity holds until it changes, and the last value holds to the right edge. */
function drawCapacity(u: uPlot, { capacity, color }: Omit<Props, 'config'>) {
  if (capacity.length === 0) {
    return;
  }
  clipped(u, (ctx) => {
    ctx.beginPath();
    let y = canvasY(u, capacity[0]!.v);
    ctx.moveTo(u.bbox.left, y);
    for (const p of capacity) {
      const x = canvasX(u, p.t);
      ctx.lineTo(x, y);
      y = canvasY(u, p.v);
      ctx.lineTo(x, y);
    }
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * pxRatio();
    ctx.setLineDash([]);
    ctx.stroke();
  });
}

/** Capacity as a line across the plot. */
export function CapacityLinePlugin(props: Props) {
  usePlotHook(props.config, props, 'draw', drawCapacity);
  const probe = useDrawProbe(props.config, (u) => {
    const min = u.scales.x?.min;
    const max = u.scales.x?.max;
    if (min === undefined || max === undefined) {
      return undefined;
    }
    const t = min + (max - min) * 0.1;
    const v = capacityAt(props.capacity, t);
    return v === undefined ? undefined : { t, v };
  });
  return probe ? (
    <span data-testid={testIds.capacityProbe} hidden data-x={probe.x} data-y={probe.y} data-color={props.color} />
  ) : null;
}
