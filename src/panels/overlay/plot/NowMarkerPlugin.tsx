import type uPlot from 'uplot';

import type { UPlotConfigBuilder } from '@grafana/ui';

import { canvasX, clipped, dashedVerticalLine, pxRatio } from './canvas';
import { usePlotHook } from './usePlotHook';

interface Props {
  config: UPlotConfigBuilder;
  now: number;
  color: string;
  scale: number;
}

function drawNow(u: uPlot, { now, color, scale }: Omit<Props, 'config'>) {
  const x = canvasX(u, now);
  clipped(u, (ctx) => {
    dashedVerticalLine(u, ctx, x, { color, width: 1.5 * scale, dash: [3 * scale, 3 * scale] });
    ctx.fillStyle = color;
    ctx.font = `${12 * scale * pxRatio()}px sans-serif`;
    ctx.textBaseline = 'bottom';
    ctx.fillText('now', x + 3 * scale * pxRatio(), u.bbox.top + u.bbox.height - 2 * pxRatio());
  });
}

/** A dotted vertical line at the present. */
export function NowMarkerPlugin(props: Props) {
  usePlotHook(props.config, props, 'draw', drawNow);
  return null;
}
