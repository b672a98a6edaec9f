import { useLayoutEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';

import type { UPlotConfigBuilder } from '@grafana/ui';

import { valueScale } from './canvas';

export interface Probe {
  x: number;
  y: number;
}

/**
 * Where a value lands on the canvas (CSS pixels from the plot's left and top), updated after each redraw,
 * so the browser tests can read the pixels the plugin painted there.
 */
export function useDrawProbe(
  config: UPlotConfigBuilder,
  locate: (u: uPlot) => { t: number; v: number } | undefined
): Probe | undefined {
  const latest = useRef(locate);
  latest.current = locate;
  const [probe, setProbe] = useState<Probe>();
  useLayoutEffect(() => {
    config.addHook('draw', (u) => {
      const p = latest.current(u);
      const next = p
        ? { x: Math.round(u.valToPos(p.t, 'x')), y: Math.round(u.valToPos(p.v, valueScale(u))) }
        : undefined;
      setProbe((prev) => (prev?.x === next?.x && prev?.y === next?.y ? prev : next));
    });
  }, [config]);
  return probe;
}
