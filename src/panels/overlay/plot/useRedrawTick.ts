import { useLayoutEffect, useState } from 'react';
import type uPlot from 'uplot';

import type { UPlotConfigBuilder } from '@grafana/ui';

/** Re-renders DOM labels after each redraw of the plot (resize, new scales), returning the plot. */
export function useRedrawTick(config: UPlotConfigBuilder): uPlot | undefined {
  const [state, setState] = useState<{ plot?: uPlot; size: string }>({ size: '' });
  useLayoutEffect(() => {
    config.addHook('draw', (u) => {
      const size = `${u.bbox.width}x${u.bbox.height}:${u.scales.x?.min}:${u.scales.x?.max}`;
      setState((prev) => (prev.plot === u && prev.size === size ? prev : { plot: u, size }));
    });
  }, [config]);
  return state.plot;
}
