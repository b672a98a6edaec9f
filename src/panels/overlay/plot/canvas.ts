import type uPlot from 'uplot';

/** The viewers scale: the one the first data series is drawn on (its key is the unit Grafana chose). */
export function valueScale(u: uPlot): string {
  return u.series[1]?.scale ?? 'y';
}

/** Canvas x (device pixels) of an instant, or undefined off the plot. */
export function canvasX(u: uPlot, t: number): number {
  return u.valToPos(t, 'x', true);
}

export function canvasY(u: uPlot, v: number): number {
  return u.valToPos(v, valueScale(u), true);
}

/** Draws inside the plotting area only, restoring the context after. */
export function clipped(u: uPlot, draw: (ctx: CanvasRenderingContext2D) => void): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  draw(ctx);
  ctx.restore();
}

/** CSS pixels per device pixel, as uPlot scales its canvas. */
export function pxRatio(): number {
  return typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
}

/** A dashed vertical line from the plot's top to its bottom at canvas x; widths and dashes in CSS pixels. */
export function dashedVerticalLine(
  u: uPlot,
  ctx: CanvasRenderingContext2D,
  x: number,
  style: { color: string; width: number; dash: [number, number] }
): void {
  ctx.beginPath();
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.strokeStyle = style.color;
  ctx.lineWidth = style.width * pxRatio();
  ctx.setLineDash([style.dash[0] * pxRatio(), style.dash[1] * pxRatio()]);
  ctx.stroke();
  ctx.setLineDash([]);
}
