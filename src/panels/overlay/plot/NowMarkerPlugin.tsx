import type uPlot from 'uplot';

import type { UPlotConfigBuilder } from '@grafana/ui';

import { canvasX, clipped, pxRatio } from './canvas';
import { usePlotHook } from './usePlotHook';

interface Props {
  config: UPlotConfigBuilder;
  now: number;
  color: string;
}

function drawNow(u: uPlot, { now, color }: Omit<Props, 'config'>) {
  const x = canvasX(u, now);
  clipped(u, (ctx) => {
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.strokeStyle = color;
    ctx.lineWidth = pxRatio();
    ctx.setLineDash([2 * pxRatio(), 2 * pxRatio()]);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = color;
    ctx.font = `${11 * pxRatio()}px sans-serif`;
    ctx.textBaseline = 'bottom';
    ctx.fillText('now', x + 3 * pxRatio(), u.bbox.top + u.bbox.height - 2 * pxRatio());
  });
}

/** A dotted vertical line at the present. */
export function NowMarkerPlugin(props: Props) {
  usePlotHook(props.config, props, 'draw', drawNow);
  return null;
}
