import type uPlot from 'uplot';

import type { UPlotConfigBuilder } from '@grafana/ui';

import type { BandPoint } from '../../../../core/forecast';

import { testIds } from '../testIds';
import { canvasX, canvasY, clipped, pxRatio } from './canvas';
import { usePlotHook } from './usePlotHook';
import { useDrawProbe } from './useDrawProbe';

interface Props {
  config: UPlotConfigBuilder;
  band: BandPoint[];
  color: string;
  scale: number;
}

function drawBand(u: uPlot, { band, color, scale }: Omit<Props, 'config'>) {
  if (band.length < 2) {
    return;
  }
  clipped(u, (ctx) => {
    ctx.beginPath();
    band.forEach((b, i) => (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, canvasX(u, b.t), canvasY(u, b.p90)));
    for (let i = band.length - 1; i >= 0; i--) {
      ctx.lineTo(canvasX(u, band[i]!.t), canvasY(u, band[i]!.p10));
    }
    ctx.closePath();
    ctx.globalAlpha = 0.3;
    ctx.fillStyle = color;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.beginPath();
    band.forEach((b, i) => (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, canvasX(u, b.t), canvasY(u, b.p50)));
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * scale * pxRatio();
    ctx.setLineDash([4 * scale * pxRatio(), 3 * scale * pxRatio()]);
    ctx.stroke();
  });
}

/** The forecast: a P10–P90 band with its P50 line, from now on. */
export function ForecastBandPlugin(props: Props) {
  usePlotHook(props.config, props, 'draw', drawBand);
  // The middle of the band in view, for the pixel check: halfway between P10 and P90.
  const probe = useDrawProbe(props.config, (u) => {
    const min = u.scales.x?.min ?? -Infinity;
    const max = u.scales.x?.max ?? Infinity;
    const visible = props.band.filter((b) => b.t >= min && b.t <= max);
    const mid = visible[Math.floor(visible.length / 2)];
    return mid ? { t: mid.t, v: (mid.p10 + mid.p90) / 2 } : undefined;
  });
  return probe ? (
    <span data-testid={testIds.bandProbe} hidden data-x={probe.x} data-y={probe.y} data-color={props.color} />
  ) : null;
}
