import type uPlot from 'uplot';

import type { UPlotConfigBuilder } from '@grafana/ui';

import { testIds } from '../testIds';
import { canvasY, clipped, pxRatio } from './canvas';
import { useDrawProbe } from './useDrawProbe';
import { usePlotHook } from './usePlotHook';

interface Props {
  config: UPlotConfigBuilder;
  objective: number;
  color: string;
  scale: number;
}

/** The SLO as a dashed line across the strip, in a colour the data line never takes. */
function drawSlo(u: uPlot, { objective, color, scale }: Omit<Props, 'config'>) {
  const y = Math.round(canvasY(u, objective));
  clipped(u, (ctx) => {
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * scale * pxRatio();
    ctx.setLineDash([8 * scale * pxRatio(), 5 * scale * pxRatio()]);
    ctx.stroke();
    ctx.setLineDash([]);
  });
}

export function SloLinePlugin(props: Props) {
  usePlotHook(props.config, props, 'draw', drawSlo);
  // A point on the line, between two dashes: the start of the second dash.
  const probe = useDrawProbe(props.config, (u) => {
    const min = u.scales.x?.min;
    const max = u.scales.x?.max;
    return min === undefined || max === undefined ? undefined : { t: min, v: props.objective };
  });
  return probe ? (
    <span
      data-testid={testIds.sloProbe}
      hidden
      data-x={probe.x + Math.round(2 * props.scale)}
      data-y={probe.y}
      data-color={props.color}
    />
  ) : null;
}
