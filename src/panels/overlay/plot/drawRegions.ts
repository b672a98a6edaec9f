import type uPlot from 'uplot';

import type { GrafanaTheme2 } from '@grafana/data';

import type { CalendarEvent } from '../../../../core/calendar/event';
import { canvasX, clipped, pxRatio } from './canvas';
import { kindColor } from './kindColors';

/** Shaded beneath the series (drawClear runs before them); an instant gets a 2 px band so it shows. */
export function drawRegions(u: uPlot, { events, theme }: { events: CalendarEvent[]; theme: GrafanaTheme2 }) {
  clipped(u, (ctx) => {
    for (const e of events) {
      const x0 = canvasX(u, e.start);
      const x1 = Math.max(canvasX(u, e.end), x0 + 2 * pxRatio());
      const color = kindColor(theme, e.kind);
      ctx.globalAlpha = 0.12;
      ctx.fillStyle = color;
      ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
      ctx.globalAlpha = 0.8;
      ctx.fillRect(x0, u.bbox.top, pxRatio(), u.bbox.height);
    }
    ctx.globalAlpha = 1;
  });
}
