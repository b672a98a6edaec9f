import { useLayoutEffect, useRef } from 'react';

import type { UPlotConfigBuilder } from '@grafana/ui';

import { AXIS_FONT_SIZE, TIME_TICK_SPACE, timeAxisSize } from './axisWidth';

/** uPlot keeps an axis font as [css font, device px, css px] once it has started. */
type StartedFont = [string, number, number];

/**
 * Grafana draws axis text at a fixed 12 px; on a wall screen it must grow with the panel. uPlot has turned
 * the font into device pixels by `init`, so the three parts are rewritten there, before the first draw; the
 * time axis (built without tweakAxis) also gets its height and tick spacing for the bigger text.
 */
export function useAxisFont(config: UPlotConfigBuilder, scale: number): void {
  const latest = useRef(scale);
  latest.current = scale;
  useLayoutEffect(() => {
    config.addHook('init', (u) => {
      const css = AXIS_FONT_SIZE * latest.current;
      if (latest.current === 1) {
        return;
      }
      const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
      for (const axis of u.axes) {
        if (axis.side === 2) {
          const size = timeAxisSize(latest.current);
          const space = TIME_TICK_SPACE * latest.current;
          axis.size = () => size;
          axis.space = () => space;
        }
        for (const font of [axis.font, axis.labelFont] as unknown as Array<StartedFont | undefined>) {
          if (Array.isArray(font)) {
            font[0] = font[0].replace(/[0-9.]+px/, `${css * ratio}px`);
            font[1] = css * ratio;
            font[2] = css;
          }
        }
      }
    });
  }, [config]);
}
