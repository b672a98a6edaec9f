import { useLayoutEffect, useRef } from 'react';
import type uPlot from 'uplot';

import type { UPlotConfigBuilder } from '@grafana/ui';

/**
 * Registers a draw hook once per config (the builder cannot drop hooks; a new config gets it again),
 * reading the latest props through a ref so new data needs no new config.
 */
export function usePlotHook<P>(
  config: UPlotConfigBuilder,
  props: P,
  hook: 'draw' | 'drawClear',
  draw: (u: uPlot, props: P) => void
): void {
  const latest = useRef(props);
  latest.current = props;
  useLayoutEffect(() => {
    config.addHook(hook, (u) => draw(u, latest.current));
  }, [config, hook, draw]);
}
