import { useMemo } from 'react';

import type { PanelProps } from '@grafana/data';

import { OverlayView } from './components/OverlayView';
import { PanelState } from './components/PanelState';
import { prepareOverlay } from './data/prepareOverlay';
import { DEFAULT_OPTIONS, type OverlayOptions } from './types';

export interface OverlayPanelProps extends PanelProps<OverlayOptions> {
  /** The present; Grafana gives none, so the wall clock. The preview and the tests pin it. */
  now?: number;
}

/** The launch overlay: data preparation apart from drawing, then one view or one clear state. */
export function OverlayPanel({ data, options, width, height, timeRange, timeZone, now }: OverlayPanelProps) {
  const merged = useMemo(
    () => ({ ...DEFAULT_OPTIONS, ...options, queries: { ...DEFAULT_OPTIONS.queries, ...options.queries } }),
    [options]
  );
  const at = now ?? Date.now();
  // Recompute on new data or options; the clock alone (a re-render) does not refit the forecast.
  const model = useMemo(() => prepareOverlay(data, merged, at), [data, merged, now]);
  if (model.kind !== 'ready') {
    return <PanelState problem={model} />;
  }
  return (
    <OverlayView
      model={model}
      options={merged}
      width={width}
      height={height}
      timeRange={timeRange}
      timeZone={timeZone}
    />
  );
}
